using System.Diagnostics;
using Ingestion.Workers.Messages;
using Ingestion.Workers.Telemetry;
using Microsoft.Extensions.Options;

namespace Ingestion.Workers.Polling;

/// <summary>
/// Runs one batch: message groups in parallel, each group strictly in order, stopping a group
/// at its first failure so that its later messages cannot overtake it; then settles every
/// message — deletes successes, delays failures, releases the rest.
/// </summary>
internal sealed class BatchProcessor(
    ISourceQueue queue,
    IMessageProcessor processor,
    VisibilityExtender visibilityExtender,
    IOptions<PollerOptions> options,
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
        {
            var groups = batch.Messages
                .Select((message, index) => (message, index))
                .GroupBy(entry => entry.message.GroupId, StringComparer.Ordinal);
            await Parallel.ForEachAsync(
                groups,
                new ParallelOptions { MaxDegreeOfParallelism = settings.MaxConcurrentGroups },
                async (group, _) => await ProcessGroupAsync(group.ToList(), outcomes, inFlight, batch.ReceiveContext, stopping, abort.Token));
        }

        await SettleAsync(outcomes, batch.ReceiveContext);
        return outcomes;
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
                outcome = new MessageOutcome(message, MessageDisposition.NotStarted, $"earlier message {failed.MessageId} of its group failed");
            }
            else if (stopping.IsCancellationRequested)
            {
                logger.MessageReleasedOnShutdown(message.MessageId, message.GroupId);
                outcome = new MessageOutcome(message, MessageDisposition.NotStarted, "the worker is stopping");
            }
            else
            {
                outcome = await ProcessOneAsync(message, receiveContext, abort);
                if (outcome.Disposition != MessageDisposition.Succeeded)
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
        var succeeded = outcomes.Where(outcome => outcome.Disposition == MessageDisposition.Succeeded).Select(outcome => outcome.Message.Sqs).ToList();
        if (succeeded.Count > 0)
        {
            await SettleCallAsync("DeleteMessageBatch", "delete", "settle", succeeded.Count, receiveContext,
                () => queue.DeleteAsync(succeeded, timeout.Token));
        }

        // A failure waits out the retry delay (back-off, and its receive count climbs towards the DLQ);
        // a message that never ran goes back at once, behind its group's failed one.
        var retryDelay = options.Value.FailedMessageRetryDelay;
        var released = outcomes
            .Where(outcome => outcome.Disposition != MessageDisposition.Succeeded)
            .Select(outcome => new VisibilityChange(outcome.Message.Sqs, outcome.Disposition == MessageDisposition.Failed ? retryDelay : TimeSpan.Zero))
            .ToList();
        if (released.Count > 0)
        {
            await SettleCallAsync("ChangeMessageVisibilityBatch", "release", "settle", released.Count, receiveContext,
                () => queue.ChangeVisibilityAsync(released, timeout.Token));
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
