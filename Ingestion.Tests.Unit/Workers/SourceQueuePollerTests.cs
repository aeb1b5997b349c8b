using System.Diagnostics;
using Ingestion.Workers.Configuration;
using Ingestion.Workers.Polling;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ingestion.Tests.Workers;

public sealed class SourceQueuePollerTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task EveryReceivedBatchIsProcessedAndSettledAndStoppingEndsThePolling()
    {
        var queue = new FakeSourceQueue();
        queue.Batches.Enqueue([TestMessages.Raw("a1", "A", "{}"), TestMessages.Raw("b1", "B", "{}")]);
        queue.Batches.Enqueue([TestMessages.Raw("a2", "A", "{}")]);
        var processor = new ScriptedMessageProcessor();
        // One loop: the fake queue, unlike SQS, does not keep a group with one receiver at a time.
        var heartbeat = new PollerHeartbeat(TimeProvider.System);
        var poller = CreatePoller(queue, processor, heartbeat, new PollerOptions { Concurrency = 1 });

        await poller.StartAsync(CancellationToken.None);
        var waited = Stopwatch.StartNew();
        while (queue.Deleted.Count < 3 && waited.Elapsed < Deadline)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        await poller.StopAsync(CancellationToken.None);

        Assert.Equal(["a1", "a2", "b1"], queue.Deleted.Order());
        Assert.Equal(["a1", "a2"], processor.Started.Where(id => id.StartsWith('a')));
        Assert.False(heartbeat.BatchRunning);
        Assert.True(poller.ExecuteTask!.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task ConcurrentLoopsEachHoldABatchAtTheSameTime()
    {
        var queue = new FakeSourceQueue();
        foreach (var group in new[] { "A", "B", "C" })
        {
            queue.Batches.Enqueue([TestMessages.Raw($"{group}1", group, "{}")]);
        }

        var running = 0;
        var allRunning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var processor = new ScriptedMessageProcessor(async (message, cancellationToken) =>
        {
            if (Interlocked.Increment(ref running) == 3)
            {
                allRunning.TrySetResult();
            }

            // No batch finishes before all three are in hand: only three loops can get there.
            await allRunning.Task.WaitAsync(cancellationToken);
            return Ingestion.Workers.Polling.MessageOutcome.Succeeded(message);
        });
        var poller = CreatePoller(queue, processor, new PollerHeartbeat(TimeProvider.System), new PollerOptions { Concurrency = 3 });

        await poller.StartAsync(CancellationToken.None);
        await allRunning.Task.WaitAsync(Deadline, TestContext.Current.CancellationToken);
        var waited = Stopwatch.StartNew();
        while (queue.Deleted.Count < 3 && waited.Elapsed < Deadline)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        await poller.StopAsync(CancellationToken.None);
        Assert.Equal(["A1", "B1", "C1"], queue.Deleted.Order());
    }

    [Fact]
    public async Task ALoopRestsAfterALongPollThatCameBackEmptyEarly()
    {
        var queue = new FakeSourceQueue();
        // An emulator's answer to every waiting poll when one message arrived, and another receiver took it.
        queue.Batches.Enqueue([]);
        queue.Batches.Enqueue([TestMessages.Raw("a1", "A", "{}")]);
        var pause = TimeSpan.FromMilliseconds(300);
        var poller = CreatePoller(queue, new ScriptedMessageProcessor(), new PollerHeartbeat(TimeProvider.System),
            new PollerOptions { Concurrency = 1, WaitTimeSeconds = 20, EarlyEmptyReceivePause = pause });

        await poller.StartAsync(CancellationToken.None);
        var waited = Stopwatch.StartNew();
        while (queue.Deleted.IsEmpty && waited.Elapsed < Deadline)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        await poller.StopAsync(CancellationToken.None);
        Assert.Equal(["a1"], queue.Deleted);
        var receivedAt = queue.ReceivedAt.ToArray();
        // A lower bound only: the rest cannot end early, however busy the machine.
        Assert.True(Stopwatch.GetElapsedTime(receivedAt[0], receivedAt[1]) >= pause - TimeSpan.FromMilliseconds(20),
            $"polled again after {Stopwatch.GetElapsedTime(receivedAt[0], receivedAt[1]).TotalMilliseconds} ms");
    }

    private static SourceQueuePoller CreatePoller(
        FakeSourceQueue queue, IMessageProcessor processor, PollerHeartbeat heartbeat, PollerOptions pollerOptions, StoreCircuit? circuit = null)
    {
        var options = Options.Create(pollerOptions);
        circuit ??= TestBatchProcessors.Circuit(pollerOptions);
        return new SourceQueuePoller(
            queue,
            TestBatchProcessors.Create(queue, processor, pollerOptions, circuit: circuit),
            circuit,
            heartbeat,
            Options.Create(new WorkerOptions { Name = "sourceB", QueueUrl = "http://127.0.0.1:4566/000000000000/ingestion-sourceB.fifo" }),
            options,
            TimeProvider.System,
            NullLogger<SourceQueuePoller>.Instance);
    }
}
