using Amazon.SQS.Model;
using Ingestion.Workers.Configuration;
using Ingestion.Workers.Messages;
using Ingestion.Workers.Telemetry;
using Microsoft.Extensions.Options;

namespace Ingestion.Workers.Polling;

/// <summary>
/// Drains this worker's one queue: <see cref="PollerOptions.Concurrency"/> loops, each long-polls a
/// batch, has <see cref="BatchProcessor"/> run and settle it, repeats. On shutdown they stop
/// receiving and let the batches in hand finish (or release what cannot finish within the grace period).
/// While <see cref="StoreCircuit"/> says the store is down, the loops receive only probe batches.
/// </summary>
internal sealed class SourceQueuePoller(
    ISourceQueue queue,
    BatchProcessor batchProcessor,
    StoreCircuit storeCircuit,
    PollerHeartbeat heartbeat,
    IOptions<WorkerOptions> worker,
    IOptions<PollerOptions> poller,
    TimeProvider timeProvider,
    ILogger<SourceQueuePoller> logger) : BackgroundService
{
    private static readonly TimeSpan MaxReceiveBackOff = TimeSpan.FromSeconds(20);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.PollerStarted(worker.Value.Name, worker.Value.QueueUrl);
        await Task.WhenAll(Enumerable.Range(0, poller.Value.Concurrency).Select(_ => Task.Run(() => PollAsync(stoppingToken), CancellationToken.None)));
        logger.PollerStopped(worker.Value.Name);
    }

    private async Task PollAsync(CancellationToken stoppingToken)
    {
        var consecutiveFailures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            IReadOnlyList<Message> received;
            bool probe;
            try
            {
                // While the store is down, receive nothing but the occasional probe batch.
                probe = await storeCircuit.WaitToReceiveAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            var startedAt = timeProvider.GetUtcNow();
            try
            {
                received = await queue.ReceiveAsync(stoppingToken);
                consecutiveFailures = 0;
                heartbeat.ReceiveSucceeded();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // A receive cut short may have taken messages; they reappear when their visibility runs out.
                break;
            }
            catch (Exception exception)
            {
                consecutiveFailures++;
                if (probe)
                {
                    storeCircuit.ProbeInconclusive();
                }

                var delay = BackOff(consecutiveFailures);
                logger.ReceiveFailed(exception, queue.QueueName, consecutiveFailures, delay);
                try
                {
                    await Task.Delay(delay, timeProvider, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                continue;
            }

            if (received.Count > 0)
            {
                await ProcessAsync(received, startedAt, stoppingToken);
            }
            else if (EndedEarly(startedAt))
            {
                try
                {
                    await Task.Delay(poller.Value.EarlyEmptyReceivePause, timeProvider, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            if (probe)
            {
                storeCircuit.ProbeInconclusive();
            }
        }
    }

    private async Task ProcessAsync(IReadOnlyList<Message> received, DateTimeOffset startedAt, CancellationToken stoppingToken)
    {
        var messages = received.Select(InboundMessage.From).ToList();
        var receive = MessagingSpans.RecordReceive(queue.QueueName, messages, startedAt);
        heartbeat.BatchStarted();
        try
        {
            await batchProcessor.ProcessAsync(new ReceivedBatch(messages, receive?.Context ?? default), stoppingToken);
        }
        catch (Exception exception)
        {
            logger.BatchFailed(exception, queue.QueueName);
        }
        finally
        {
            heartbeat.BatchFinished();
        }
    }

    /// <summary>An empty long poll answered in less than half its wait: what woke it went to another receiver.</summary>
    private bool EndedEarly(DateTimeOffset startedAt) =>
        poller.Value.WaitTimeSeconds > 0 && timeProvider.GetUtcNow() - startedAt < TimeSpan.FromSeconds(poller.Value.WaitTimeSeconds / 2.0);

    private static TimeSpan BackOff(int consecutiveFailures) =>
        TimeSpan.FromSeconds(Math.Min(Math.Pow(2, consecutiveFailures - 1), MaxReceiveBackOff.TotalSeconds));
}
