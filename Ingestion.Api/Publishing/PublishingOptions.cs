using System.ComponentModel.DataAnnotations;

namespace Ingestion.Api.Publishing;

/// <summary>How single-event requests are coalesced into PublishBatch calls (section Ingestion:Publishing).</summary>
public sealed class PublishingOptions
{
    public const string SectionName = "Ingestion:Publishing";

    /// <summary>How long a PublishBatch call waits for more single events before it goes out with fewer than 10.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:01")]
    public TimeSpan BatchWindow { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>PublishBatch calls of coalesced single events in flight at once.</summary>
    [Range(1, 64)]
    public int MaxConcurrentBatches { get; set; } = 4;

    /// <summary>Single events waiting for a PublishBatch call; past it a single event gets 503 at once.</summary>
    [Range(1, 100_000)]
    public int QueueCapacity { get; set; } = 1_000;

    /// <summary>The Retry-After a producer gets when SNS is unreachable or throttling.</summary>
    [Range(1, 3_600)]
    public int RetryAfterSeconds { get; set; } = 2;
}
