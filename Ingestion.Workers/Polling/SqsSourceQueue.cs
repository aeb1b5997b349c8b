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
                // The message's place in its group: a copy put back behind a failure carries its original's.
                MessageSystemAttributeName.SequenceNumber,
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
        return await SendCopiesAsync(url, letters.Select(letter => (letter.Message, Reason(letter.Reason))).ToList(), "dlq", cancellationToken);
    }

    // The copy goes behind whatever of its group arrived meanwhile, so it says where its original stood
    // in the group: the store then takes it only if nothing later in that order is stored.
    public Task<IReadOnlyList<SettleFailure>> RequeueAsync(IReadOnlyList<Message> messages, CancellationToken cancellationToken) =>
        SendCopiesAsync(_queueUrl, messages.Select(message => (message, HeldSequence(message))).ToList(), "requeue", cancellationToken);

    private static KeyValuePair<string, MessageAttributeValue>? Reason(string reason) =>
        new(DeadLetterReasonAttribute, new MessageAttributeValue { DataType = "String", StringValue = reason });

    /// <summary>
    /// The original's place in its group: the one a copy of a copy already carries, else this message's
    /// SequenceNumber. None for a replayed or redriven copy (ordered by its stamp whatever its place)
    /// or a message of a standard queue (no order to keep).
    /// </summary>
    private static KeyValuePair<string, MessageAttributeValue>? HeldSequence(Message message)
    {
        var attributes = message.MessageAttributes ?? [];
        if (attributes.ContainsKey(MessageAttributeNames.Resent) || attributes.ContainsKey(MessageAttributeNames.HeldSequence)
            || message.Attributes?.GetValueOrDefault(MessageSystemAttributeName.SequenceNumber) is not { } sequenceNumber)
        {
            return null;
        }

        return new(MessageAttributeNames.HeldSequence, new MessageAttributeValue { DataType = "String", StringValue = sequenceNumber });
    }

    private async Task<IReadOnlyList<SettleFailure>> SendCopiesAsync(
        string queueUrl, IReadOnlyList<(Message Message, KeyValuePair<string, MessageAttributeValue>? Added)> copies, string purpose, CancellationToken cancellationToken)
    {
        List<SettleFailure> failures = [];
        using var noHttpSpan = SuppressInstrumentationScope.Begin();
        var entries = copies.Select(copy => (copy.Message, Attributes: CopyAttributes(copy.Message, copy.Added))).ToList();
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

    /// <summary>
    /// The message's attributes as received, plus the one added (a dead letter's reason, a held copy's
    /// place) if any; trace context gives way first when there is no room for it.
    /// </summary>
    private static Dictionary<string, MessageAttributeValue> CopyAttributes(Message message, KeyValuePair<string, MessageAttributeValue>? added)
    {
        var attributes = new Dictionary<string, MessageAttributeValue>(message.MessageAttributes ?? [], StringComparer.Ordinal);
        if (added is not { } attribute)
        {
            return attributes;
        }

        foreach (var expendable in new[] { "baggage", "tracestate", "traceparent" })
        {
            if (attributes.Count < MaxMessageAttributes || attributes.ContainsKey(attribute.Key))
            {
                break;
            }

            attributes.Remove(expendable);
        }

        if (attribute.Key != DeadLetterReasonAttribute)
        {
            attributes[attribute.Key] = attribute.Value;
            return attributes;
        }

        // The reason must not push a message that fitted on its own over the batch limit: it gives way first.
        var reason = attribute.Value.StringValue;
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
