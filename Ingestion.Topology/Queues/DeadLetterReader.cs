using System.Globalization;
using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;
using Ingestion.Messaging;
using Ingestion.Messaging.TraceContext;

namespace Ingestion.Topology.Queues;

/// <summary>
/// Reads dead-letter queues (which nothing consumes) by receive-then-release. Source queues are
/// never peeked: a receive there would count towards the message's maxReceiveCount and could
/// dead-letter it. Peeks and redrives take turns, so one never hides messages from the other.
/// </summary>
public sealed class DeadLetterReader(IAmazonSQS sqs)
{
    /// <summary>The attribute a worker sets when it dead-letters a message itself, saying why.</summary>
    public const string ErrorAttribute = MessageAttributeNames.DeadLetterReason;

    private const int PeekVisibilitySeconds = 10;

    internal static SemaphoreSlim Turn { get; } = new(1, 1);

    /// <summary>Up to <paramref name="max"/> messages of a dead-letter queue.</summary>
    public async Task<IReadOnlyList<DeadLetterMessage>> PeekAsync(string deadLetterUrl, int max, CancellationToken cancellationToken)
    {
        await Turn.WaitAsync(cancellationToken);
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
            await ReleaseAsync(deadLetterUrl, received);
            Turn.Release();
        }

        return received.Select(Describe).ToList();
    }

    internal static string? EventIdOf(Message message) =>
        message.MessageAttributes?.GetValueOrDefault(MessageAttributeNames.EventId)?.StringValue ?? BodyField(message.Body, "event_id");

    internal static DeadLetterMessage Describe(Message message)
    {
        var system = message.Attributes ?? [];
        var attributes = message.MessageAttributes ?? [];
        var receives = int.TryParse(system.GetValueOrDefault("ApproximateReceiveCount"), CultureInfo.InvariantCulture, out var count) ? count : 0;
        return new DeadLetterMessage(
            message.MessageId,
            EventIdOf(message),
            attributes.GetValueOrDefault(MessageAttributeNames.Source)?.StringValue ?? BodyField(message.Body, "source"),
            attributes.GetValueOrDefault(MessageAttributeNames.EntityName)?.StringValue ?? BodyField(message.Body, "entity_name"),
            system.GetValueOrDefault("MessageGroupId"),
            TraceIdOf(attributes.GetValueOrDefault(MessageAttributeNames.TraceParent)?.StringValue),
            long.TryParse(system.GetValueOrDefault("SentTimestamp"), CultureInfo.InvariantCulture, out var sent) ? DateTimeOffset.FromUnixTimeMilliseconds(sent) : null,
            receives,
            message.Body,
            attributes.GetValueOrDefault(ErrorAttribute)?.StringValue
                ?? "failed on every delivery until SQS moved it here (maxReceiveCount); its trace shows each attempt's error");
    }

    /// <summary>The trace id of the message's W3C trace context, read the way the workers read it.</summary>
    internal static string? TraceIdOf(string? traceParent) =>
        traceParent is not null && MessageTraceContext.Extract(new Dictionary<string, string> { [MessageAttributeNames.TraceParent] = traceParent }) is { HasParent: true } context
            ? context.Parent.TraceId.ToHexString()
            : null;

    private async Task ReleaseAsync(string queueUrl, List<Message> messages)
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
