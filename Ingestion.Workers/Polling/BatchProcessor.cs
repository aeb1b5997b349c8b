using System.Diagnostics;
using Ingestion.Workers.Configuration;
using Ingestion.Workers.Messages;
using Ingestion.Workers.Telemetry;
using Microsoft.Extensions.Options;

namespace Ingestion.Workers.Polling;

/// <summary>
/// Runs one batch: message groups in parallel, each group strictly in order, stopping a group
/// at its first failure so that its later messages cannot overtake it; then settles every
/// message: deletes successes, moves what failed for good to the dead-letter queue at once
/// (the group goes on: nothing can fix it, so nothing waits for it), delays what may pass, and
/// puts back what was held behind a failure as fresh copies, so a neighbour's failure is never
/// charged to their own maxReceiveCount.
/// </summary>
internal sealed class BatchProcessor(
    ISourceQueue queue,
    IMessageProcessor processor,
    VisibilityExtender visibilityExtender,
    IOptions<PollerOptions> options,
    IOptions<WorkerOptions> workerOptions,
    TimeProvider timeProvider,
    ILogger<BatchProcessor> logger)
{
    // Settling must outlive the stopping token, or shutdown would strand messages until their visibility runs out.
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(15);

    /// <param name="stopping">When cancelled, no further message starts; those running get the shutdown grace period.</param>
    public async Task<IReadOnlyList<MessageOutcome>> ProcessAsync(ReceivedBatch batch, CancellationToken stopping)
    {
        var settings = options.Value;
        var outcomes = new MessageOutcome[batch.Messages.Count];
        var inFlight = new InFlightMessages(batch.Messages, timeProvider.GetUtcNow() + settings.VisibilityTimeout);

        using var abort = new CancellationTokenSource();
        await using (stopping.Register(() => abort.CancelAfter(settings.ShutdownGracePeriod)))
        await using (visibilityExtender.Start(inFlight, batch.ReceiveContext))
        using (var batchSpan = workerOptions.Value.Tracing == TraceParentMode.Batch
            ? MessagingSpans.StartBatchProcess(queue.QueueName, batch.Messages.Count, batch.ReceiveContext)
            : null)
        {
            var groups = batch.Messages
                .Select((message, index) => (message, index))
                .GroupBy(entry => entry.message.GroupId, StringComparer.Ordinal);
            await Parallel.ForEachAsync(
                groups,
                new ParallelOptions { MaxDegreeOfParallelism = settings.MaxConcurrentGroups },
                async (group, _) => await ProcessGroupAsync(group.ToList(), outcomes, inFlight, batch.ReceiveContext, stopping, abort.Token));
            RecordFailures(batchSpan, outcomes);
        }

        await SettleAsync(outcomes, batch.ReceiveContext);
        return outcomes;
    }

    /// <summary>A batch span stands for its messages: it is an error when one of them failed (each failure is also logged).</summary>
    private static void RecordFailures(Activity? batchSpan, MessageOutcome[] outcomes)
    {
        if (batchSpan is null)
        {
            return;
        }

        var failed = outcomes.Count(outcome => outcome.Disposition is MessageDisposition.Failed or MessageDisposition.Rejected);
        if (failed > 0)
        {
            batchSpan.RecordFailure("message_failed", $"{failed} of {outcomes.Length} messages failed");
        }
    }

    private async Task ProcessGroupAsync(
        List<(InboundMessage Message, int Index)> group,
        MessageOutcome[] outcomes,
        InFlightMessages inFlight,
        ActivityContext receiveContext,
        CancellationToken stopping,
        CancellationToken abort)
    {
        InboundMessage? failed = null;
        foreach (var (message, index) in group)
        {
            MessageOutcome outcome;
            if (failed is not null)
            {
                logger.MessageHeldBack(message.MessageId, message.GroupId, failed.MessageId);
                outcome = new MessageOutcome(message, MessageDisposition.HeldBack, $"earlier message {failed.MessageId} of its group failed");
            }
            else if (stopping.IsCancellationRequested)
            {
                logger.MessageReleasedOnShutdown(message.MessageId, message.GroupId);
                outcome = new MessageOutcome(message, MessageDisposition.NotStarted, "the worker is stopping");
            }
            else
            {
                outcome = await ProcessOneAsync(message, receiveContext, abort);

                // Only a failure that may pass holds the group: a rejected message leaves it for the
                // dead-letter queue, and an interrupted one means the worker is stopping.
                if (outcome.Disposition == MessageDisposition.Failed)
                {
                    failed = message;
                }
            }

            outcomes[index] = outcome;
            inFlight.Complete(message);
        }
    }

    private async Task<MessageOutcome> ProcessOneAsync(InboundMessage message, ActivityContext receiveContext, CancellationToken abort)
    {
        try
        {
            return await processor.ProcessAsync(message, receiveContext, abort);
        }
        catch (Exception exception)
        {
            // The processor turns failures into outcomes; this only guards the rest of the batch against a bug in it.
            logger.MessageThrew(exception, message.MessageId, message.GroupId, message.ReceiveCount, exception.Message);
            return MessageOutcome.Failed(message, exception.Message);
        }
    }

    private async Task SettleAsync(MessageOutcome[] outcomes, ActivityContext receiveContext)
    {
        using var timeout = new CancellationTokenSource(SettleTimeout);
        var retryDelay = options.Value.FailedMessageRetryDelay;
        var toDelete = Select(outcomes, MessageDisposition.Succeeded).ToList();
        var toRelease = new List<VisibilityChange>();

        // Failed for good: copied to the dead-letter queue with the reason, then deleted here. One
        // that could not be copied is retried as a failure: SQS dead-letters it in the end anyway.
        var rejected = outcomes.Where(outcome => outcome.Disposition == MessageDisposition.Rejected).ToList();
        if (rejected.Count > 0)
        {
            var notMoved = await CopyAsync("SendMessageBatch", "dead_letter", [.. rejected.Select(outcome => outcome.Message.MessageId)], receiveContext,
                () => queue.SendToDeadLetterQueueAsync([.. rejected.Select(outcome => new DeadLetter(outcome.Message.Sqs, outcome.Reason ?? "failed for good"))], timeout.Token));
            foreach (var outcome in rejected)
            {
                if (notMoved.TryGetValue(outcome.Message.MessageId, out var failure))
                {
                    logger.DeadLetterFailed(outcome.Message.MessageId, failure.Code, failure.Reason);
                    toRelease.Add(new VisibilityChange(outcome.Message.Sqs, retryDelay));
                }
                else
                {
                    toDelete.Add(outcome.Message.Sqs);
                }
            }
        }

        // Held back behind a failure: a copy goes back behind it (same group, so never ahead of
        // it) with a receive count of zero; the store orders updates by their order key, so
        // messages that arrived meanwhile may come first. One not copied is released as before.
        var heldBack = Select(outcomes, MessageDisposition.HeldBack).ToList();
        if (heldBack.Count > 0)
        {
            var notCopied = await CopyAsync("SendMessageBatch", "requeue", [.. heldBack.Select(message => message.MessageId)], receiveContext,
                () => queue.RequeueAsync(heldBack, timeout.Token));
            foreach (var message in heldBack)
            {
                if (notCopied.ContainsKey(message.MessageId))
                {
                    toRelease.Add(new VisibilityChange(message, TimeSpan.Zero));
                }
                else
                {
                    toDelete.Add(message);
                }
            }
        }

        if (toDelete.Count > 0)
        {
            await SettleCallAsync("DeleteMessageBatch", "delete", "settle", toDelete.Count, receiveContext,
                () => queue.DeleteAsync(toDelete, timeout.Token));
        }

        // A failure waits out the retry delay (back-off, and its receive count climbs towards the DLQ);
        // a message that never ran (the worker is stopping) goes back at once.
        toRelease.AddRange(outcomes
            .Where(outcome => outcome.Disposition is MessageDisposition.Failed or MessageDisposition.NotStarted or MessageDisposition.Interrupted)
            .Select(outcome => new VisibilityChange(outcome.Message.Sqs, outcome.Disposition == MessageDisposition.Failed ? retryDelay : TimeSpan.Zero)));
        if (toRelease.Count > 0)
        {
            await SettleCallAsync("ChangeMessageVisibilityBatch", "release", "settle", toRelease.Count, receiveContext,
                () => queue.ChangeVisibilityAsync(toRelease, timeout.Token));
        }
    }

    private static IEnumerable<Amazon.SQS.Model.Message> Select(MessageOutcome[] outcomes, MessageDisposition disposition) =>
        outcomes.Where(outcome => outcome.Disposition == disposition).Select(outcome => outcome.Message.Sqs);

    /// <returns>The messages not copied, by id; all of them when the call itself failed (a copy not known to be made must not be deleted).</returns>
    private async Task<Dictionary<string, SettleFailure>> CopyAsync(
        string rpcMethod, string operationName, IReadOnlyList<string> messageIds, ActivityContext receiveContext, Func<Task<IReadOnlyList<SettleFailure>>> call)
    {
        var count = messageIds.Count;
        using var activity = MessagingSpans.StartSettle(queue.QueueName, rpcMethod, operationName, "send", count, receiveContext);
        try
        {
            var failures = await call();
            if (failures.Count > 0)
            {
                activity.RecordFailure("partial_failure", $"{failures.Count} of {count} entries failed");
            }

            return failures.ToDictionary(failure => failure.MessageId, StringComparer.Ordinal);
        }
        catch (Exception exception)
        {
            activity.RecordFailure(exception.GetType().FullName ?? "exception", exception.Message, exception);
            logger.SettleCallFailed(exception, rpcMethod, queue.QueueName, count);
            return messageIds.ToDictionary(id => id, id => new SettleFailure(id, exception.GetType().Name, exception.Message), StringComparer.Ordinal);
        }
    }

    private async Task SettleCallAsync(
        string rpcMethod, string operationName, string operationType, int count, ActivityContext receiveContext, Func<Task<IReadOnlyList<SettleFailure>>> call)
    {
        using var activity = MessagingSpans.StartSettle(queue.QueueName, rpcMethod, operationName, operationType, count, receiveContext);
        try
        {
            var failures = await call();
            foreach (var failure in failures)
            {
                // Not deleted means redelivered and processed again: harmless, the write is idempotent.
                logger.SettleEntryFailed(rpcMethod, failure.MessageId, failure.Code, failure.Reason);
            }

            if (failures.Count > 0)
            {
                activity.RecordFailure("partial_failure", $"{failures.Count} of {count} entries failed");
            }
        }
        catch (Exception exception)
        {
            activity.RecordFailure(exception.GetType().FullName ?? "exception", exception.Message, exception);
            logger.SettleCallFailed(exception, rpcMethod, queue.QueueName, count);
        }
    }
}
