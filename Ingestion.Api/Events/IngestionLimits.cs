namespace Ingestion.Api.Events;

/// <summary>The documented limits of <c>POST /sources/{source}/events</c>.</summary>
public static class IngestionLimits
{
    /// <summary>256 KiB per request body, the same as one SNS message; larger requests get 413.</summary>
    public const int MaxRequestBytes = 256 * 1024;

    /// <summary>At most 100 events per request; a larger batch gets 400.</summary>
    public const int MaxEventsPerRequest = 100;

    /// <summary>An event_id is an SNS MessageDeduplicationId: at most 128 characters.</summary>
    public const int MaxEventIdLength = 128;

    /// <summary>
    /// The largest message (envelope JSON) we publish. SNS allows 256 KiB including attributes;
    /// the rest is room for the attributes and trace context.
    /// </summary>
    public const int MaxMessageBytes = 250 * 1024;

    public const string IdempotencyKeyHeader = "Idempotency-Key";
}
