using System.Globalization;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace Ingestion.Topology.Queues;

/// <summary>SQS's approximate counts for one queue: waiting (visible), in flight (received, not deleted), delayed.</summary>
public sealed record QueueCounts(long Visible, long InFlight, long Delayed)
{
    public bool IsEmpty => Visible == 0 && InFlight == 0 && Delayed == 0;

    public static async Task<QueueCounts> ReadAsync(IAmazonSQS sqs, string queueUrl, CancellationToken cancellationToken)
    {
        var response = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
        {
            QueueUrl = queueUrl,
            AttributeNames = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed"],
        }, cancellationToken);
        return new QueueCounts(
            Count(response.Attributes, "ApproximateNumberOfMessages"),
            Count(response.Attributes, "ApproximateNumberOfMessagesNotVisible"),
            Count(response.Attributes, "ApproximateNumberOfMessagesDelayed"));
    }

    private static long Count(Dictionary<string, string>? attributes, string name) =>
        long.TryParse(attributes?.GetValueOrDefault(name), CultureInfo.InvariantCulture, out var count) ? count : 0;
}

/// <summary>
/// A message seen in a dead-letter queue by a peek (received with a short visibility, then
/// released at once). <paramref name="Error"/> is the reason the worker gave when it dead-lettered
/// the message itself, else what SQS's redrive implies.
/// </summary>
public sealed record DeadLetterMessage(
    string MessageId,
    string? EventId,
    string? Source,
    string? EntityName,
    string? MessageGroupId,
    string? TraceId,
    DateTimeOffset? SentAt,
    int ReceiveCount,
    string Body,
    string Error);
