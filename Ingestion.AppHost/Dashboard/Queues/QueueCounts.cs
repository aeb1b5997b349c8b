namespace Ingestion.AppHost.Dashboard.Queues;

/// <summary>SQS's approximate counts for one queue: waiting (visible), in flight (received, not deleted), delayed.</summary>
public sealed record QueueCounts(long Visible, long InFlight, long Delayed);

/// <summary>
/// A message seen in a dead-letter queue by a peek (received with a short visibility, then
/// released at once). <paramref name="Error"/> is what the telemetry says went wrong with it.
/// <paramref name="ReceiveCount"/> counts the dashboard's own peeks too, so pages don't show it.
/// </summary>
public sealed record DeadLetterMessage(
    string MessageId,
    string? EventId,
    string? Source,
    string? EntityName,
    string? MessageGroupId,
    string? MessageDeduplicationId,
    DateTimeOffset? SentAt,
    int ReceiveCount,
    IReadOnlyDictionary<string, string> Attributes,
    string Body,
    string? Error);
