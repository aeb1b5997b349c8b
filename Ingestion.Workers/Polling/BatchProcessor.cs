using System.Diagnostics;
using Ingestion.Workers.Configuration;
using Ingestion.Workers.Messages;
using Ingestion.Workers.Telemetry;
using Microsoft.Extensions.Options;

namespace Ingestion.Workers.Polling;

/// <summary>
/// Runs one batch: message groups in parallel, each group strictly in order, stopping a group
/// at its first failure so that its later messages cannot overtake it; then settles every
/// message: deletes successes, moves what failed for good (or failed on its last allowed receive)
/// to the dead-letter queue with the reason, delays what may pass by a back-off that grows with its
/// receive count, and puts back what was held behind a failure, or caught by a store outage, as
/// fresh copies, so neither a neighbour's failure nor an outage is charged to their maxReceiveCount.
/// Every message keeps its visibility extended until the call that settles it.
/// </summary>
internal sealed class BatchProcessor(
    ISourceQueue queue,
    IMessageProcessor processor,
    VisibilityExtender visibilityExtender,
    StoreCircuit storeCircuit,
    RetryBackOff retryBackOff,
    IOptions<PollerOptions> options,
    IOptions<WorkerOptions> workerOptions,
    TimeProvider timeProvider,
    ILogger<BatchProcessor> logger)
{
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
                    async (group, _) => await ProcessGroupAsync(group.ToList(), outcomes, batch.ReceiveContext, stopping, abort.Token));
                RecordFailures(batchSpan, outcomes);
            }

            DeferWhileTheStoreIsDown(outcomes);

            // Inside the extender's scope: a message stays invisible until its own settling call.
            await new BatchSettlement(queue, inFlight, retryBackOff, logger).SettleAsync(outcomes, batch.ReceiveContext);
        }

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

    /// <summary>Failures the store caused go back uncharged once the store counts as down, those from before it opened included.</summary>
    private void DeferWhileTheStoreIsDown(MessageOutcome[] outcomes)
    {
        if (!storeCircuit.IsTripped)
        {
            return;
        }

        for (var i = 0; i < outcomes.Length; i++)
        {
            if (outcomes[i] is { Disposition: MessageDisposition.Failed, StoreUnavailable: true } failed)
            {
                logger.MessageDeferred(failed.Message.MessageId, failed.Message.GroupId);
                outcomes[i] = failed with { Disposition = MessageDisposition.Deferred };
            }
        }
    }

    private async Task ProcessGroupAsync(
        List<(InboundMessage Message, int Index)> group,
        MessageOutcome[] outcomes,
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
            else if (storeCircuit.IsOpen)
            {
                // Its later messages wait behind it even if the store answers meanwhile: a copy goes to the back of the group.
                logger.MessageDeferred(message.MessageId, message.GroupId);
                outcome = new MessageOutcome(message, MessageDisposition.Deferred, "the store is unavailable");
                failed = message;
            }
            else
            {
                outcome = await ProcessOneAsync(message, receiveContext, abort);
                RecordForTheCircuit(outcome);

                // Only a failure that may pass holds the group: a rejected message leaves it for the
                // dead-letter queue, and an interrupted one means the worker is stopping.
                if (outcome.Disposition == MessageDisposition.Failed)
                {
                    failed = message;
                }
            }

            outcomes[index] = outcome;
        }
    }

    private void RecordForTheCircuit(MessageOutcome outcome)
    {
        if (outcome.Disposition == MessageDisposition.Succeeded)
        {
            storeCircuit.RecordSuccess();
        }
        else if (outcome.StoreUnavailable)
        {
            storeCircuit.RecordUnavailable(outcome.Reason ?? "the store is unavailable");
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
}
