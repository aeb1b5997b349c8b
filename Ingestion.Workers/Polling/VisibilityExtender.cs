using System.Diagnostics;
using Ingestion.Workers.Messages;
using Ingestion.Workers.Telemetry;
using Microsoft.Extensions.Options;

namespace Ingestion.Workers.Polling;

/// <summary>
/// Keeps a batch invisible until it is settled: renews the visibility of every message not yet
/// deleted or released before it runs out, finished ones included, so SQS doesn't hand them to
/// another consumer while the rest of the batch runs.
/// </summary>
internal sealed class VisibilityExtender(ISourceQueue queue, IOptions<PollerOptions> options, TimeProvider timeProvider, ILogger<VisibilityExtender> logger)
{
    /// <summary>Runs until the returned handle is disposed; disposing waits for a call in progress, so no renewal follows the batch's settlement.</summary>
    public IAsyncDisposable Start(InFlightMessages inFlight, ActivityContext batchContext)
    {
        var stop = new CancellationTokenSource();
        var loop = RunAsync(inFlight, batchContext, stop.Token);
        return new Running(stop, loop);
    }

    private async Task RunAsync(InFlightMessages inFlight, ActivityContext batchContext, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var timer = new PeriodicTimer(settings.VisibilityExtensionInterval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                // Chosen and extended under the in-flight gate: a message being settled is either
                // taken out first (and not extended) or extended before its settling call.
                await inFlight.ExtendingAsync(async () =>
                {
                    var now = timeProvider.GetUtcNow();
                    var due = inFlight.DueForExtension(now, settings.VisibilityExtensionThreshold);
                    if (due.Count > 0)
                    {
                        var extended = await ExtendAsync(due, batchContext, cancellationToken);
                        inFlight.Extended(extended, now + settings.VisibilityTimeout);
                    }

                    return true;
                }, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The batch finished.
        }
    }

    /// <returns>The messages whose visibility was renewed; the others are retried on the next tick.</returns>
    private async Task<IEnumerable<InboundMessage>> ExtendAsync(IReadOnlyList<InboundMessage> due, ActivityContext batchContext, CancellationToken cancellationToken)
    {
        var timeout = options.Value.VisibilityTimeout;
        using var activity = MessagingSpans.StartSettle(queue.QueueName, "ChangeMessageVisibilityBatch", "extend_visibility", operationType: null, due.Count, batchContext);
        try
        {
            var failures = await queue.ChangeVisibilityAsync(due.Select(message => new VisibilityChange(message.Sqs, timeout)).ToList(), cancellationToken);
            foreach (var failure in failures)
            {
                logger.SettleEntryFailed("Extending visibility", failure.MessageId, failure.Code, failure.Reason);
            }

            logger.VisibilityExtended(due.Count - failures.Count, timeout);
            var failed = failures.Select(failure => failure.MessageId).ToHashSet(StringComparer.Ordinal);
            return due.Where(message => !failed.Contains(message.MessageId));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The next tick tries again only for messages still due; a lapse means at worst a redelivery, which is idempotent.
            activity.RecordFailure(exception.GetType().FullName ?? "exception", exception.Message, exception);
            logger.SettleCallFailed(exception, "ChangeMessageVisibilityBatch", queue.QueueName, due.Count);
            return [];
        }
    }

    private sealed class Running(CancellationTokenSource stop, Task loop) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await loop;
            stop.Dispose();
        }
    }
}
