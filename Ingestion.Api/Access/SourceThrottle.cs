using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Ingestion.Api.Events;
using Microsoft.Extensions.Options;

namespace Ingestion.Api.Access;

/// <summary>
/// Two token buckets per source, one counting requests and one counting events. A request takes
/// one request token before its body is read and one event token per event after validation;
/// when either is empty the answer is 429 with the time until enough tokens are back, and nothing
/// is published. With several API instances each holds its share of every rate and burst
/// (÷ <see cref="ApiInstanceCount.Current"/>, rounded down), so together they allow the configured limit.
/// </summary>
public sealed class SourceThrottle(IOptions<RateLimitOptions> options, ApiInstanceCount instances) : IDisposable
{
    private readonly ConcurrentDictionary<string, Buckets> _buckets = new(StringComparer.Ordinal);

    // Buckets replaced when the instance count changed; a request may still hold one, so they are disposed last.
    private readonly ConcurrentBag<Buckets> _replaced = [];

    /// <summary>Makes every source's buckets now, so a wrong setting stops the start rather than failing requests.</summary>
    public void Prepare(IEnumerable<string> sources)
    {
        var settings = options.Value;
        if (settings.ApiInstances < 1 || settings.MembershipInterval <= TimeSpan.Zero)
        {
            throw new OptionsValidationException(RateLimitOptions.SectionName, typeof(RateLimitOptions),
                [$"{RateLimitOptions.SectionName} ApiInstances must be at least 1 and MembershipInterval positive."]);
        }

        foreach (var source in sources)
        {
            BucketsOf(source);
        }
    }

    /// <summary>Null when the request may go on, else how long to wait.</summary>
    public TimeSpan? TryTakeRequest(string source) => Take(BucketsOf(source).Requests, 1);

    /// <summary>Null when the events may go on, else how long to wait before sending them again.</summary>
    public TimeSpan? TryTakeEvents(string source, int events) => Take(BucketsOf(source).Events, events);

    public void Dispose()
    {
        foreach (var buckets in _buckets.Values.Concat(_replaced))
        {
            buckets.Requests.Dispose();
            buckets.Events.Dispose();
        }
    }

    private Buckets BucketsOf(string source)
    {
        var sharedBy = instances.Current;
        var buckets = _buckets.GetOrAdd(source, Create, sharedBy);
        if (buckets.SharedBy == sharedBy)
        {
            return buckets;
        }

        var replacement = Create(source, sharedBy);
        if (_buckets.TryUpdate(source, replacement, buckets))
        {
            _replaced.Add(buckets);
            return replacement;
        }

        replacement.Requests.Dispose();
        replacement.Events.Dispose();
        return _buckets[source];
    }

    /// <summary>This instance's share: rates and bursts divided by the instances, the event burst never below one full request.</summary>
    private Buckets Create(string source, int sharedBy)
    {
        var limit = options.Value.For(source);
        var requests = Rate(limit.RequestsPerSecond, source, "RequestsPerSecond");
        var events = Rate(limit.EventsPerSecond, source, "EventsPerSecond");
        var requestBurst = limit.RequestBurst ?? Burst(requests, 1);
        var eventBurst = limit.EventBurst ?? Burst(events, IngestionLimits.MaxEventsPerRequest);
        return new Buckets(
            Bucket(requests / sharedBy, Math.Max(requestBurst / sharedBy, 1)),
            Bucket(events / sharedBy, Math.Max(eventBurst / sharedBy, IngestionLimits.MaxEventsPerRequest)),
            sharedBy);
    }

    private static TimeSpan? Take(TokenBucketRateLimiter bucket, int tokens)
    {
        using var lease = bucket.AttemptAcquire(tokens);
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
    }

    private static double Rate(double? perSecond, string source, string setting) => perSecond is > 0
        ? perSecond.Value
        : throw new OptionsValidationException(RateLimitOptions.SectionName, typeof(RateLimitOptions),
            [$"{RateLimitOptions.SectionName} {setting} for '{source}' must be above 0."]);

    private static int Burst(double perSecond, int atLeast) => (int)Math.Clamp(Math.Ceiling(perSecond * 2), atLeast, int.MaxValue / 2);

    /// <summary>Refilled ten times a second (or one token at a time below 10/s), so tokens come back smoothly rather than once a second.</summary>
    private static TokenBucketRateLimiter Bucket(double perSecond, int burst)
    {
        var (period, tokens) = perSecond >= 10
            ? (TimeSpan.FromMilliseconds(100), (int)Math.Min(Math.Round(perSecond / 10), int.MaxValue / 2))
            : (TimeSpan.FromSeconds(1 / perSecond), 1);
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(burst, 1),
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = period,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    private sealed record Buckets(TokenBucketRateLimiter Requests, TokenBucketRateLimiter Events, int SharedBy);
}
