using System.Globalization;
using Amazon.SQS;
using Amazon.SQS.Model;
using Ingestion.Messaging;
using Ingestion.Workers.Configuration;
using Microsoft.Extensions.Options;
using OpenTelemetry;

namespace Ingestion.Workers.Polling;

internal sealed class SqsSourceQueue(
    IAmazonSQS sqs, DeadLetterQueueLocator deadLetterQueue, IOptions<WorkerOptions> worker, IOptions<PollerOptions> poller, ILogger<SqsSourceQueue> logger) : ISourceQueue
{
    /// <summary>The message attribute that says why a message was dead-lettered by the worker.</summary>
    public const string DeadLetterReasonAttribute = Ingestion.Messaging.MessageAttributeNames.DeadLetterReason;

    // SQS's limit for every batch call, and for a message's attributes.
    private const int MaxBatchSize = CopyBatches.MaxEntries;
    private const int MaxMessageAttributes = 10;
    private const int MaxReasonLength = 1024;
    private const int MinReasonLength = 64;

    private readonly string _queueUrl = worker.Value.QueueUrl;

    public string QueueName { get; } = worker.Value.QueueName;

    public async Task<IReadOnlyList<Message>> ReceiveAsync(CancellationToken cancellationToken)
    {
        var options = poller.Value;
        // An HTTP span for every 20 s long poll would bury the events' traces; a receive that
        // returns messages gets its own "receive" span from the poller instead.
        using var noHttpSpan = SuppressInstrumentationScope.Begin();
        var response = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = _queueUrl,
            MaxNumberOfMessages = options.MaxMessages,
            WaitTimeSeconds = options.WaitTimeSeconds,
            VisibilityTimeout = (int)options.VisibilityTimeout.TotalSeconds,
            MessageAttributeNames = ["All"],
            MessageSystemAttributeNames =
            [
                MessageSystemAttributeName.MessageGroupId,
                MessageSystemAttributeName.ApproximateReceiveCount,
                MessageSystemAttributeName.SentTimestamp,
            ],
        }, cancellationToken);
        // SDK v4 leaves empty collections null.
        return response.Messages ?? [];
    }

    public async Task<IReadOnlyList<SettleFailure>> DeleteAsync(IReadOnlyList<Message> messages, CancellationToken cancellationToken)
    {
        List<SettleFailure> failures = [];
        // The caller's settle span is the call's span; an HTTP span under it would double the settle telemetry.
        using var noHttpSpan = SuppressInstrumentationScope.Begin();
        foreach (var chunk in messages.Chunk(MaxBatchSize))
        {
            var response = await sqs.DeleteMessageBatchAsync(new DeleteMessageBatchRequest
            {
                QueueUrl = _queueUrl,
                Entries = chunk.Select((message, index) => new DeleteMessageBatchRequestEntry(EntryId(index), message.ReceiptHandle)).ToList(),
            }, cancellationToken);
            failures.AddRange(ToFailures(response.Failed, chunk));
        }

        return failures;
    }

    public async Task<IReadOnlyList<SettleFailure>> ChangeVisibilityAsync(IReadOnlyList<VisibilityChange> changes, CancellationToken cancellationToken)
    {
        List<SettleFailure> failures = [];
        using var noHttpSpan = SuppressInstrumentationScope.Begin();
        foreach (var chunk in changes.Chunk(MaxBatchSize))
        {
            var response = await sqs.ChangeMessageVisibilityBatchAsync(new ChangeMessageVisibilityBatchRequest
            {
                QueueUrl = _queueUrl,
                Entries = chunk.Select((change, index) => new ChangeMessageVisibilityBatchRequestEntry(EntryId(index), change.Message.ReceiptHandle)
                {
                    VisibilityTimeout = (int)change.Timeout.TotalSeconds,
                }).ToList(),
            }, cancellationToken);
            failures.AddRange(ToFailures(response.Failed, chunk.Select(change => change.Message).ToArray()));
        }

        return failures;
    }

    public Task<int> GetMaxReceiveCountAsync(CancellationToken cancellationToken) => deadLetterQueue.GetMaxReceiveCountAsync(cancellationToken);

    public async Task<IReadOnlyList<SettleFailure>> SendToDeadLetterQueueAsync(IReadOnlyList<DeadLetter> letters, CancellationToken cancellationToken)
    {
        var url = await deadLetterQueue.GetUrlAsync(cancellationToken);
        return await SendCopiesAsync(url, letters.Select(letter => (letter.Message, (string?)letter.Reason)).ToList(), "dlq", cancellationToken);
    }

    // The copy goes behind whatever of its group arrived meanwhile: marked as resent, the store orders it by its stamp, not as a first delivery.
    public Task<IReadOnlyList<SettleFailure>> RequeueAsync(IReadOnlyList<Message> messages, CancellationToken cancellationToken) =>
        SendCopiesAsync(_queueUrl, messages.Select(message => (message, (string?)null)).ToList(), "requeue", cancellationToken, resent: "requeue");

    private async Task<IReadOnlyList<SettleFailure>> SendCopiesAsync(
        string queueUrl, IReadOnlyList<(Message Message, string? Reason)> copies, string purpose, CancellationToken cancellationToken, string? resent = null)
    {
        List<SettleFailure> failures = [];
        using var noHttpSpan = SuppressInstrumentationScope.Begin();
        var entries = copies.Select(copy => (copy.Message, Attributes: CopyAttributes(copy.Message, copy.Reason, resent))).ToList();
        var (batches, tooLarge) = CopyBatches.Split(entries, entry => CopyBatches.SizeOf(entry.Message.Body, entry.Attributes));
        foreach (var (message, attributes) in tooLarge)
        {
            // Not sent at all: SQS would fail the whole batch. The caller releases it instead.
            var size = CopyBatches.SizeOf(message.Body, attributes);
            logger.CopyTooLarge(message.MessageId, size, CopyBatches.MaxBatchBytes);
            failures.Add(new SettleFailure(message.MessageId, "BatchRequestTooLong", $"{size} bytes with its attributes, over the {CopyBatches.MaxBatchBytes} a batch may carry"));
        }

        foreach (var chunk in batches)
        {
            var response = await sqs.SendMessageBatchAsync(new SendMessageBatchRequest
            {
                QueueUrl = queueUrl,
                Entries = chunk.Select((copy, index) => new SendMessageBatchRequestEntry(EntryId(index), copy.Message.Body)
                {
                    MessageGroupId = copy.Message.Attributes?.GetValueOrDefault(MessageSystemAttributeName.MessageGroupId) ?? copy.Message.MessageId,
                    // Unique per copy: a FIFO queue would drop a second copy of the same message within five minutes.
                    MessageDeduplicationId = $"{copy.Message.MessageId}-{purpose}-{copy.Message.Attributes?.GetValueOrDefault(MessageSystemAttributeName.ApproximateReceiveCount)}",
                    MessageAttributes = copy.Attributes,
                }).ToList(),
            }, cancellationToken);
            failures.AddRange(ToFailures(response.Failed, [.. chunk.Select(copy => copy.Message)]));
        }

        return failures;
    }

    /// <summary>The message's attributes as received, plus the reason if any; trace context goes first when there is no room.</summary>
    private static Dictionary<string, MessageAttributeValue> CopyAttributes(Message message, string? reason, string? resent)
    {
        var attributes = new Dictionary<string, MessageAttributeValue>(message.MessageAttributes ?? [], StringComparer.Ordinal);
        if (resent is not null)
        {
            attributes[MessageAttributeNames.Resent] = new MessageAttributeValue { DataType = "String", StringValue = resent };
        }

        if (reason is null)
        {
            return attributes;
        }

        foreach (var expendable in new[] { "baggage", "tracestate", "traceparent" })
        {
            if (attributes.Count < MaxMessageAttributes)
            {
                break;
            }

            attributes.Remove(expendable);
        }

        // The reason must not push a message that fitted on its own over the batch limit: it gives way first.
        var room = CopyBatches.MaxBatchBytes - CopyBatches.SizeOf(message.Body, attributes) - DeadLetterReasonAttribute.Length - "String".Length;
        var length = Math.Min(reason.Length, Math.Min(MaxReasonLength, Math.Max(room / 4, MinReasonLength)));
        attributes[DeadLetterReasonAttribute] = new MessageAttributeValue
        {
            DataType = "String",
            StringValue = reason[..length],
        };
        return attributes;
    }

    // Entry ids only need to be unique within one call; the position maps them back.
    private static string EntryId(int index) => index.ToString(CultureInfo.InvariantCulture);

    private static IEnumerable<SettleFailure> ToFailures(List<BatchResultErrorEntry>? failed, Message[] chunk) =>
        (failed ?? []).Select(entry => new SettleFailure(
            int.TryParse(entry.Id, CultureInfo.InvariantCulture, out var index) && index < chunk.Length ? chunk[index].MessageId : entry.Id,
            entry.Code ?? "",
            entry.Message ?? ""));
}
