using System.Diagnostics;
using System.Globalization;
using Amazon.SQS;
using Amazon.SQS.Model;
using Ingestion.Workers.Telemetry;

namespace Ingestion.Workers.Polling;

/// <summary>
/// Settles one processed batch with SQS: copies first (to the dead-letter queue, back to the queue),
/// then deletes what is done or copied, then releases the rest. Each message leaves
/// <see cref="InFlightMessages"/> (and so the visibility extender) just before its own settling call.
/// </summary>
internal sealed class BatchSettlement(ISourceQueue queue, InFlightMessages inFlight, RetryBackOff retryBackOff, ILogger logger)
{
    // Settling must outlive the stopping token, or shutdown would strand messages until their visibility runs out.
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(15);

    public async Task SettleAsync(MessageOutcome[] outcomes, ActivityContext receiveContext)
    {
        using var timeout = new CancellationTokenSource(SettleTimeout);
        var toDelete = Select(outcomes, MessageDisposition.Succeeded).ToList();
        var toRelease = new List<VisibilityChange>();

        // Failed for good, or failed on its last allowed receive: copied to the dead-letter queue with
        // the reason, then deleted here, so nothing reaches it without one. One that could not be copied
        // is retried as a failure (on its last receive SQS then moves it, without a reason).
        var deadLetters = await DeadLettersAsync(outcomes, timeout.Token);
        if (deadLetters.Count > 0)
        {
            var notMoved = await CopyAsync("dead_letter", [.. deadLetters.Select(letter => letter.Message.MessageId)], receiveContext,
                () => queue.SendToDeadLetterQueueAsync(deadLetters, timeout.Token));
            foreach (var letter in deadLetters)
            {
                if (notMoved.TryGetValue(letter.Message.MessageId, out var failure))
                {
                    logger.DeadLetterFailed(letter.Message.MessageId, failure.Code, failure.Reason);
                    toRelease.Add(new VisibilityChange(letter.Message, RetryDelay(letter.Message)));
                }
                else
                {
                    toDelete.Add(letter.Message);
                }
            }
        }

        // Held back behind a failure, or caught by a store outage: a copy goes back behind it (same
        // group, so never ahead of it) with a receive count of zero; the store orders updates by their
        // order key, so messages that arrived meanwhile may come first. One not copied is released.
        var copies = outcomes.Where(outcome => outcome.Disposition is MessageDisposition.HeldBack or MessageDisposition.Deferred)
            .Select(outcome => outcome.Message.Sqs).ToList();
        if (copies.Count > 0)
        {
            var notCopied = await CopyAsync("requeue", [.. copies.Select(message => message.MessageId)], receiveContext,
                () => queue.RequeueAsync(copies, timeout.Token));
            foreach (var message in copies)
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
            await inFlight.SettleAsync(toDelete.Select(message => message.MessageId));
            await SettleCallAsync("DeleteMessageBatch", "delete", "settle", toDelete.Count, receiveContext,
                () => queue.DeleteAsync(toDelete, timeout.Token));
        }

        // A failure waits out its back-off; a message that never ran (the worker is stopping) goes back at once.
        var dead = deadLetters.Select(letter => letter.Message.MessageId).ToHashSet(StringComparer.Ordinal);
        toRelease.AddRange(outcomes
            .Where(outcome => outcome.Disposition is MessageDisposition.Failed or MessageDisposition.NotStarted or MessageDisposition.Interrupted
                && !dead.Contains(outcome.Message.MessageId))
            .Select(outcome => new VisibilityChange(outcome.Message.Sqs,
                outcome.Disposition == MessageDisposition.Failed ? RetryDelay(outcome.Message.Sqs) : TimeSpan.Zero)));
        if (toRelease.Count > 0)
        {
            await inFlight.SettleAsync(toRelease.Select(change => change.Message.MessageId));
            await SettleCallAsync("ChangeMessageVisibilityBatch", "release", "settle", toRelease.Count, receiveContext,
                () => queue.ChangeVisibilityAsync(toRelease, timeout.Token));
        }
    }

    private async Task<List<DeadLetter>> DeadLettersAsync(MessageOutcome[] outcomes, CancellationToken cancellationToken)
    {
        List<DeadLetter> letters = [.. outcomes
            .Where(outcome => outcome.Disposition == MessageDisposition.Rejected)
            .Select(outcome => new DeadLetter(outcome.Message.Sqs, outcome.Reason ?? "failed for good"))];
        var failed = outcomes.Where(outcome => outcome.Disposition == MessageDisposition.Failed).ToList();
        if (failed.Count == 0 || await MaxReceiveCountAsync(cancellationToken) is not { } maxReceiveCount)
        {
            return letters;
        }

        foreach (var outcome in failed.Where(outcome => outcome.Message.ReceiveCount >= maxReceiveCount))
        {
            var message = outcome.Message;
            var reason = outcome.Reason ?? "failed";
            logger.MessageExhausted(message.MessageId, message.GroupId, message.ReceiveCount, maxReceiveCount, reason);
            letters.Add(new DeadLetter(message.Sqs, string.Create(CultureInfo.InvariantCulture,
                $"failed on each of its {maxReceiveCount} allowed receives; last error: {reason}")));
        }

        return letters;
    }

    private async Task<int?> MaxReceiveCountAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await queue.GetMaxReceiveCountAsync(cancellationToken);
        }
        catch (Exception exception)
        {
            logger.RedrivePolicyUnknown(exception, queue.QueueName);
            return null;
        }
    }

    private TimeSpan RetryDelay(Message message) =>
        retryBackOff.DelayFor(int.TryParse(message.Attributes?.GetValueOrDefault(MessageSystemAttributeName.ApproximateReceiveCount),
            CultureInfo.InvariantCulture, out var receiveCount) ? receiveCount : 1);

    private static IEnumerable<Message> Select(MessageOutcome[] outcomes, MessageDisposition disposition) =>
        outcomes.Where(outcome => outcome.Disposition == disposition).Select(outcome => outcome.Message.Sqs);

    /// <returns>The messages not copied, by id; all of them when the call itself failed (a copy not known to be made must not be deleted).</returns>
    private async Task<Dictionary<string, SettleFailure>> CopyAsync(
        string operationName, IReadOnlyList<string> messageIds, ActivityContext receiveContext, Func<Task<IReadOnlyList<SettleFailure>>> call)
    {
        const string rpcMethod = "SendMessageBatch";
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
