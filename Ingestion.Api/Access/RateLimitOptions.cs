namespace Ingestion.Api.Access;

/// <summary>
/// How fast each source may send: <c>RateLimits:Default</c> for every source, overridden field by
/// field under <c>RateLimits:Sources:&lt;source&gt;</c>. Each source has its own buckets, so one
/// noisy source is throttled while the others flow.
/// </summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    public SourceRateLimit Default { get; set; } = new()
    {
        RequestsPerSecond = 500,
        EventsPerSecond = 5_000,
    };

    public Dictionary<string, SourceRateLimit> Sources { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// A limit is the source's across every API instance: each enforces limit ÷ live instances
    /// (<see cref="ApiInstanceCount"/>). Off, each instance enforces the whole limit alone.
    /// </summary>
    public bool ShareAcrossInstances { get; set; } = true;

    /// <summary>The instances assumed while DynamoDB cannot be asked: the most API tasks the service runs, so the sum never exceeds the limit.</summary>
    public int ApiInstances { get; set; } = 1;

    /// <summary>How often an instance renews its membership and recounts (one UpdateItem each).</summary>
    public TimeSpan MembershipInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The limits of one source: its own values where set, else the defaults.</summary>
    public SourceRateLimit For(string source)
    {
        var own = Sources.GetValueOrDefault(source);
        return new SourceRateLimit
        {
            RequestsPerSecond = own?.RequestsPerSecond ?? Default.RequestsPerSecond,
            RequestBurst = own?.RequestBurst ?? Default.RequestBurst,
            EventsPerSecond = own?.EventsPerSecond ?? Default.EventsPerSecond,
            EventBurst = own?.EventBurst ?? Default.EventBurst,
        };
    }
}

/// <summary>
/// A sustained rate and a burst (what a quiet source may send at once), for requests and for
/// events. A burst left unset is two seconds of the rate; the event burst is never below one
/// full request, or a full batch could never pass.
/// </summary>
public sealed class SourceRateLimit
{
    public double? RequestsPerSecond { get; set; }

    public int? RequestBurst { get; set; }

    public double? EventsPerSecond { get; set; }

    public int? EventBurst { get; set; }
}
