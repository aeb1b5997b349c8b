using System.Collections.Concurrent;
using System.Diagnostics;
using Amazon.SQS.Model;
using Ingestion.Messaging;
using Ingestion.Workers.Configuration;
using Ingestion.Workers.Messages;
using Ingestion.Workers.Persistence;
using Ingestion.Workers.Polling;

namespace Ingestion.Tests.Workers;

/// <summary>Records what the batch processor asks SQS to do.</summary>
internal sealed class FakeSourceQueue : ISourceQueue
{
    public string QueueName => "ingestion-sourceB.fifo";

    public ConcurrentQueue<string> Deleted { get; } = new();

    public ConcurrentQueue<(string MessageId, TimeSpan Timeout)> VisibilityChanges { get; } = new();

    /// <summary>Completes with the first message whose visibility is changed.</summary>
    public TaskCompletionSource<string> FirstVisibilityChange { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConcurrentQueue<(string MessageId, string Reason)> DeadLettered { get; } = new();

    public ConcurrentQueue<string> Requeued { get; } = new();

    /// <summary>When set, copying to the dead-letter queue or back to the queue fails with it.</summary>
    public Exception? FailCopies { get; set; }

    /// <summary>The queue's RedrivePolicy maxReceiveCount.</summary>
    public int MaxReceiveCount { get; set; } = 5;

    /// <summary>Message ids whose next visibility change SQS refuses (once each), as a partial failure of the batch call.</summary>
    public ConcurrentDictionary<string, bool> RefuseNextVisibilityChange { get; } = new();

    /// <summary>Message ids whose delete SQS refuses.</summary>
    public HashSet<string> RefuseDelete { get; } = [];

    /// <summary>What the next receives return, in turn; once empty, a receive waits until cancelled, like an idle long poll.</summary>
    public ConcurrentQueue<IReadOnlyList<Message>> Batches { get; } = new();

    /// <summary>When each receive was asked for (<see cref="Stopwatch"/> timestamps).</summary>
    public ConcurrentQueue<long> ReceivedAt { get; } = new();

    public async Task<IReadOnlyList<Message>> ReceiveAsync(CancellationToken cancellationToken)
    {
        ReceivedAt.Enqueue(Stopwatch.GetTimestamp());
        if (Batches.TryDequeue(out var batch))
        {
            return batch;
        }

        await Task.Delay(Timeout.Infinite, cancellationToken);
        return [];
    }

    public Task<IReadOnlyList<SettleFailure>> DeleteAsync(IReadOnlyList<Message> messages, CancellationToken cancellationToken)
    {
        List<SettleFailure> failures = [];
        foreach (var message in messages)
        {
            if (RefuseDelete.Contains(message.MessageId))
            {
                failures.Add(new SettleFailure(message.MessageId, "ReceiptHandleIsInvalid", "expired"));
            }
            else
            {
                Deleted.Enqueue(message.MessageId);
            }
        }

        return Task.FromResult<IReadOnlyList<SettleFailure>>(failures);
    }

    public Task<int> GetMaxReceiveCountAsync(CancellationToken cancellationToken) => Task.FromResult(MaxReceiveCount);

    public Task<IReadOnlyList<SettleFailure>> SendToDeadLetterQueueAsync(IReadOnlyList<DeadLetter> letters, CancellationToken cancellationToken)
    {
        if (FailCopies is not null)
        {
            return Task.FromException<IReadOnlyList<SettleFailure>>(FailCopies);
        }

        foreach (var letter in letters)
        {
            DeadLettered.Enqueue((letter.Message.MessageId, letter.Reason));
        }

        return Task.FromResult<IReadOnlyList<SettleFailure>>([]);
    }

    public Task<IReadOnlyList<SettleFailure>> RequeueAsync(IReadOnlyList<Message> messages, CancellationToken cancellationToken)
    {
        if (FailCopies is not null)
        {
            return Task.FromException<IReadOnlyList<SettleFailure>>(FailCopies);
        }

        foreach (var message in messages)
        {
            Requeued.Enqueue(message.MessageId);
        }

        return Task.FromResult<IReadOnlyList<SettleFailure>>([]);
    }

    public Task<IReadOnlyList<SettleFailure>> ChangeVisibilityAsync(IReadOnlyList<VisibilityChange> changes, CancellationToken cancellationToken)
    {
        List<SettleFailure> failures = [];
        foreach (var change in changes)
        {
            if (RefuseNextVisibilityChange.TryRemove(change.Message.MessageId, out _))
            {
                failures.Add(new SettleFailure(change.Message.MessageId, "ReceiptHandleIsInvalid", "refused"));
                continue;
            }

            VisibilityChanges.Enqueue((change.Message.MessageId, change.Timeout));
            FirstVisibilityChange.TrySetResult(change.Message.MessageId);
        }

        return Task.FromResult<IReadOnlyList<SettleFailure>>(failures);
    }
}

/// <summary>The batch processor as the worker builds it, with the back-off's jitter at its ceiling so delays are predictable.</summary>
internal static class TestBatchProcessors
{
    public static BatchProcessor Create(
        ISourceQueue queue, IMessageProcessor processor, PollerOptions poller, WorkerOptions? worker = null, StoreCircuit? circuit = null)
    {
        var options = Microsoft.Extensions.Options.Options.Create(poller);
        return new BatchProcessor(
            queue,
            processor,
            new VisibilityExtender(queue, options, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<VisibilityExtender>.Instance),
            circuit ?? Circuit(poller),
            new RetryBackOff(options, () => 1.0),
            options,
            Microsoft.Extensions.Options.Options.Create(worker ?? new WorkerOptions()),
            TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<BatchProcessor>.Instance);
    }

    public static StoreCircuit Circuit(PollerOptions poller) =>
        new(Microsoft.Extensions.Options.Options.Create(poller), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<StoreCircuit>.Instance);
}

/// <summary>A processor whose behaviour per message the test scripts; records the order messages ran in.</summary>
internal sealed class ScriptedMessageProcessor(Func<InboundMessage, CancellationToken, Task<MessageOutcome>>? script = null) : IMessageProcessor
{
    public ConcurrentQueue<string> Started { get; } = new();

    public async Task<MessageOutcome> ProcessAsync(InboundMessage message, ActivityContext receiveContext, CancellationToken cancellationToken)
    {
        Started.Enqueue(message.MessageId);
        return script is null ? MessageOutcome.Succeeded(message) : await script(message, cancellationToken);
    }
}

/// <summary>An item store that keeps what was written, or throws when told to.</summary>
internal sealed class RecordingItemStore : IItemStore
{
    public ConcurrentQueue<(string ItemId, IngestionEvent Event)> Writes { get; } = new();

    public Exception? Throw { get; set; }

    public Task<WriteOutcome> PutAsync(string itemId, IngestionEvent message, CancellationToken cancellationToken)
    {
        if (Throw is not null)
        {
            throw Throw;
        }

        Writes.Enqueue((itemId, message));
        return Task.FromResult(WriteOutcome.Stored);
    }

    public Task<WriteOutcome> PutOnceAsync(string itemId, IngestionEvent message, string contentHash, CancellationToken cancellationToken) =>
        PutAsync(itemId, message, cancellationToken);

    public Task RaiseFloorAsync(string itemId, IngestionEvent message, CancellationToken cancellationToken) => Task.CompletedTask;
}
