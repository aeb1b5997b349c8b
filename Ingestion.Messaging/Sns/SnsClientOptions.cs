using Amazon.Runtime;

namespace Ingestion.Messaging.Sns;

/// <summary>Where and how <see cref="SnsClient"/> talks to SNS. Bound by <c>AddSnsClient</c> from <c>AWS:*</c> configuration.</summary>
public sealed record SnsClientOptions
{
    /// <summary>An emulator's URL (<c>AWS:Endpoints:SNS</c>); null for <c>https://sns.&lt;region&gt;.&lt;partition suffix&gt;</c>.</summary>
    public Uri? ServiceUrl { get; set; }

    /// <summary>Signing region and, without <see cref="ServiceUrl"/>, the endpoint's region. Null: the SDK's region chain (AWS_REGION, profile, instance metadata).</summary>
    public string? Region { get; set; }

    /// <summary>Attempts per call including the first, as the SDK's <c>max_attempts</c>.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Scale of the exponential backoff: a retry waits a random time up to BaseDelay × 2^(retry − 1), capped at <see cref="MaxBackoff"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How long one attempt may wait for SNS before it counts as unreachable and is retried.
    /// HttpClient's own 100 s would hold a request for minutes on a hung endpoint; with the
    /// defaults a publish gives up after about 3 × 2 s plus the backoff, so the API answers 503 in seconds.
    /// </summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Keep it short next to <see cref="AttemptTimeout"/> × <see cref="MaxAttempts"/>: a caller is waiting.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Explicit credentials; null for the SDK's default chain (environment, profile, SSO, container, instance metadata).</summary>
    public AWSCredentials? Credentials { get; set; }

    /// <summary>
    /// Add the publish span's W3C context (traceparent, tracestate, baggage) to every published
    /// message that has room for it and does not carry its own, so consumers continue the trace.
    /// </summary>
    public bool InjectTraceContext { get; set; } = true;

    /// <summary>Problems that make the options unusable, empty when they are fine.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (MaxAttempts < 1)
        {
            problems.Add($"MaxAttempts must be at least 1 (was {MaxAttempts}).");
        }

        if (ServiceUrl is { } url && (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
        {
            problems.Add($"ServiceUrl must be an absolute http(s) URL (was '{url}').");
        }

        if (AttemptTimeout <= TimeSpan.Zero || AttemptTimeout > TimeSpan.FromMinutes(5))
        {
            problems.Add($"AttemptTimeout must be positive and at most 5 minutes (was {AttemptTimeout}).");
        }

        if (RetryBaseDelay < TimeSpan.Zero || MaxBackoff < TimeSpan.Zero)
        {
            problems.Add("RetryBaseDelay and MaxBackoff must not be negative.");
        }

        return problems;
    }
}
