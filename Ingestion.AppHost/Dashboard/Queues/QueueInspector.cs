using System.Globalization;
using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;
using Ingestion.Messaging;

namespace Ingestion.AppHost.Dashboard.Queues;

/// <summary>
/// Reads queues without disturbing the workers: counts from GetQueueAttributes, and dead-letter
/// queues (which nothing consumes) peeked by receive-then-release. Source queues are never peeked:
/// a receive there would count towards the message's maxReceiveCount and could dead-letter it.
/// Peeks and redrives take turns, so one never hides messages from the other.
/// </summary>
public sealed class QueueInspector(IDashboardTopology topology, DeadLetterErrors errors)
{
    private const int PeekVisibilitySeconds = 10;
    private readonly SemaphoreSlim _turn = new(1, 1);

    internal SemaphoreSlim Turn => _turn;

    public async Task<QueueCounts?> CountAsync(string queueUrl, CancellationToken cancellationToken)
    {
        if (topology.Sqs is not { } sqs)
        {
            return null;
        }

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

    /// <summary>Up to <paramref name="max"/> messages of a dead-letter queue, each with its error from the telemetry.</summary>
    public async Task<IReadOnlyList<DeadLetterMessage>> PeekAsync(string deadLetterUrl, int max, CancellationToken cancellationToken)
    {
        if (topology.Sqs is not { } sqs)
        {
            return [];
        }

        await _turn.WaitAsync(cancellationToken);
        var received = new List<Message>();
        try
        {
            while (received.Count < max)
            {
                var response = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
                {
                    QueueUrl = deadLetterUrl,
                    MaxNumberOfMessages = Math.Min(10, max - received.Count),
                    VisibilityTimeout = PeekVisibilitySeconds,
                    WaitTimeSeconds = 0,
                    MessageAttributeNames = ["All"],
                    MessageSystemAttributeNames = ["All"],
                }, cancellationToken);
                if (response.Messages is not { Count: > 0 })
                {
                    break;
                }

                received.AddRange(response.Messages);
            }
        }
        finally
        {
            await ReleaseAsync(sqs, deadLetterUrl, received);
            _turn.Release();
        }

        return received.Select(Describe).ToList();
    }

    internal static string? EventIdOf(Message message) =>
        message.MessageAttributes?.GetValueOrDefault(MessageAttributeNames.EventId)?.StringValue ?? BodyField(message.Body, "event_id");

    private DeadLetterMessage Describe(Message message)
    {
        var eventId = EventIdOf(message);
        var system = message.Attributes ?? [];
        return new DeadLetterMessage(
            message.MessageId,
            eventId,
            message.MessageAttributes?.GetValueOrDefault(MessageAttributeNames.Source)?.StringValue ?? BodyField(message.Body, "source"),
            message.MessageAttributes?.GetValueOrDefault(MessageAttributeNames.EntityName)?.StringValue ?? BodyField(message.Body, "entity_name"),
            system.GetValueOrDefault("MessageGroupId"),
            system.GetValueOrDefault("MessageDeduplicationId"),
            long.TryParse(system.GetValueOrDefault("SentTimestamp"), CultureInfo.InvariantCulture, out var sent) ? DateTimeOffset.FromUnixTimeMilliseconds(sent) : null,
            int.TryParse(system.GetValueOrDefault("ApproximateReceiveCount"), CultureInfo.InvariantCulture, out var receives) ? receives : 0,
            (message.MessageAttributes ?? []).ToDictionary(pair => pair.Key, pair => pair.Value.StringValue ?? $"({pair.Value.DataType})"),
            message.Body,
            errors.Find(eventId, message.MessageId));
    }

    private static async Task ReleaseAsync(IAmazonSQS sqs, string queueUrl, List<Message> messages)
    {
        foreach (var chunk in messages.Chunk(10))
        {
            // Not cancellable: left unreleased, the messages would stay hidden for the peek's visibility.
            await sqs.ChangeMessageVisibilityBatchAsync(new ChangeMessageVisibilityBatchRequest
            {
                QueueUrl = queueUrl,
                Entries = chunk.Select((message, index) => new ChangeMessageVisibilityBatchRequestEntry
                {
                    Id = index.ToString(CultureInfo.InvariantCulture),
                    ReceiptHandle = message.ReceiptHandle,
                    VisibilityTimeout = 0,
                }).ToList(),
            }, CancellationToken.None);
        }
    }

    private static long Count(Dictionary<string, string>? attributes, string name) =>
        long.TryParse(attributes?.GetValueOrDefault(name), CultureInfo.InvariantCulture, out var count) ? count : 0;

    // The body is the IngestionEvent, or an SNS envelope around it when raw delivery is off.
    private static string? BodyField(string body, string field)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("Message", out var inner) && inner.ValueKind == JsonValueKind.String)
            {
                return BodyField(inner.GetString()!, field);
            }

            return root.ValueKind == JsonValueKind.Object && root.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
