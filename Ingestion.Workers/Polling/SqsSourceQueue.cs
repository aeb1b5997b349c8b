using System.Globalization;
using Amazon.SQS;
using Amazon.SQS.Model;
using Ingestion.Workers.Configuration;
using Microsoft.Extensions.Options;
using OpenTelemetry;

namespace Ingestion.Workers.Polling;

internal sealed class SqsSourceQueue(IAmazonSQS sqs, IOptions<WorkerOptions> worker, IOptions<PollerOptions> poller) : ISourceQueue
{
    // SQS's limit for every batch call.
    private const int MaxBatchSize = 10;

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

    // Entry ids only need to be unique within one call; the position maps them back.
    private static string EntryId(int index) => index.ToString(CultureInfo.InvariantCulture);

    private static IEnumerable<SettleFailure> ToFailures(List<BatchResultErrorEntry>? failed, Message[] chunk) =>
        (failed ?? []).Select(entry => new SettleFailure(
            int.TryParse(entry.Id, CultureInfo.InvariantCulture, out var index) && index < chunk.Length ? chunk[index].MessageId : entry.Id,
            entry.Code ?? "",
            entry.Message ?? ""));
}
