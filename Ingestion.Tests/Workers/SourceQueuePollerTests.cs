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
        var options = Options.Create(new PollerOptions());
        var heartbeat = new PollerHeartbeat(TimeProvider.System);
        var poller = new SourceQueuePoller(
            queue,
            new BatchProcessor(queue, processor, new VisibilityExtender(queue, options, TimeProvider.System, NullLogger<VisibilityExtender>.Instance), options, TimeProvider.System, NullLogger<BatchProcessor>.Instance),
            heartbeat,
            Options.Create(new WorkerOptions { Name = "sourceB", QueueUrl = "http://127.0.0.1:4566/000000000000/ingestion-sourceB.fifo" }),
            TimeProvider.System,
            NullLogger<SourceQueuePoller>.Instance);

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
}
