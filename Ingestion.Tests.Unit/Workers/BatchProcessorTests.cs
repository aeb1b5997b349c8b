using System.Diagnostics;
using Ingestion.Workers.Configuration;
using Ingestion.Workers.Messages;
using Ingestion.Workers.Polling;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ingestion.Tests.Workers;

public sealed class BatchProcessorTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly FakeSourceQueue _queue = new();
    private readonly PollerOptions _options = new();
    private readonly WorkerOptions _worker = new();

    [Fact]
    public async Task AFailureInOneGroupDoesNotStopAnotherGroup()
    {
        var processor = new ScriptedMessageProcessor((message, _) => Task.FromResult(
            message.MessageId == "a2" ? MessageOutcome.Failed(message, "boom") : MessageOutcome.Succeeded(message)));

        await Process(processor, ("a1", "A"), ("b1", "B"), ("a2", "A"), ("b2", "B"), ("a3", "A"));

        Assert.Equal(["a1", "b1", "b2"], processor.Started.Where(id => id != "a2").Order());
        Assert.DoesNotContain("a3", processor.Started);
        Assert.Equal(["a3"], _queue.Requeued);
    }

    [Fact]
    public async Task LaterMessagesOfAFailedGroupGoBackAsFreshCopiesAndTheFailedOneWaitsTheRetryDelay()
    {
        var processor = new ScriptedMessageProcessor((message, _) => Task.FromResult(
            message.MessageId == "a1" ? MessageOutcome.Failed(message, "boom") : MessageOutcome.Succeeded(message)));

        var outcomes = await Process(processor, ("a1", "A"), ("a2", "A"), ("b1", "B"), ("a3", "A"));

        Assert.Equal(["a1", "b1"], processor.Started.Order());
        // Copies start with a receive count of zero: a1's failure is not charged to a2 and a3.
        Assert.Equal(["a2", "a3"], _queue.Requeued);
        Assert.Equal([("a1", _options.FailedMessageRetryDelay)], _queue.VisibilityChanges);
        Assert.Equal(["a2", "a3", "b1"], _queue.Deleted.Order());
        Assert.Equal(
            [MessageDisposition.Failed, MessageDisposition.HeldBack, MessageDisposition.Succeeded, MessageDisposition.HeldBack],
            outcomes.Select(outcome => outcome.Disposition));
    }

    [Fact]
    public async Task HeldBackMessagesThatCannotBeCopiedAreReleasedNotDeleted()
    {
        _queue.FailCopies = new Amazon.SQS.AmazonSQSException("unreachable");
        var processor = new ScriptedMessageProcessor((message, _) => Task.FromResult(
            message.MessageId == "a1" ? MessageOutcome.Failed(message, "boom") : MessageOutcome.Succeeded(message)));

        await Process(processor, ("a1", "A"), ("a2", "A"));

        Assert.Empty(_queue.Deleted);
        Assert.Equal([("a1", _options.FailedMessageRetryDelay), ("a2", TimeSpan.Zero)], _queue.VisibilityChanges.Order());
    }

    [Fact]
    public async Task APermanentFailureGoesToTheDeadLetterQueueAtOnceAndItsGroupGoesOn()
    {
        var processor = new ScriptedMessageProcessor((message, _) => Task.FromResult(
            message.MessageId == "a1" ? MessageOutcome.Rejected(message, "body is not a valid CONTRACT") : MessageOutcome.Succeeded(message)));

        var outcomes = await Process(processor, ("a1", "A"), ("a2", "A"), ("a3", "A"));

        Assert.Equal([("a1", "body is not a valid CONTRACT")], _queue.DeadLettered);
        Assert.Equal(["a1", "a2", "a3"], processor.Started);
        Assert.Equal(["a1", "a2", "a3"], _queue.Deleted.Order());
        Assert.Empty(_queue.VisibilityChanges);
        Assert.Empty(_queue.Requeued);
        Assert.Equal([MessageDisposition.Rejected, MessageDisposition.Succeeded, MessageDisposition.Succeeded], outcomes.Select(outcome => outcome.Disposition));
    }

    [Fact]
    public async Task APermanentFailureThatCannotBeDeadLetteredIsRetriedNotDeleted()
    {
        _queue.FailCopies = new Amazon.SQS.AmazonSQSException("unreachable");
        var processor = new ScriptedMessageProcessor((message, _) => Task.FromResult(MessageOutcome.Rejected(message, "poison")));

        await Process(processor, ("a1", "A"));

        Assert.Empty(_queue.Deleted);
        Assert.Equal([("a1", _options.FailedMessageRetryDelay)], _queue.VisibilityChanges);
    }

    [Fact]
    public async Task MessagesOfOneGroupRunInTheOrderTheyWereReceived()
    {
        var processor = new ScriptedMessageProcessor();

        await Process(processor, ("a1", "A"), ("b1", "B"), ("a2", "A"), ("c1", "C"), ("a3", "A"), ("b2", "B"), ("a4", "A"));

        Assert.Equal(["a1", "a2", "a3", "a4"], processor.Started.Where(id => id.StartsWith('a')));
        Assert.Equal(["b1", "b2"], processor.Started.Where(id => id.StartsWith('b')));
        Assert.Equal(7, _queue.Deleted.Count);
    }

    [Fact]
    public async Task DifferentGroupsRunAtTheSameTime()
    {
        // a1 can only finish once b1 has started: a processor that ran groups one after another would never get there.
        var b1Started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var processor = new ScriptedMessageProcessor(async (message, _) =>
        {
            if (message.MessageId == "b1")
            {
                b1Started.SetResult();
            }
            else
            {
                await b1Started.Task.WaitAsync(Deadline);
            }

            return MessageOutcome.Succeeded(message);
        });

        await Process(processor, ("a1", "A"), ("b1", "B"));

        Assert.Equal(["a1", "b1"], _queue.Deleted.Order());
    }

    [Fact]
    public async Task AProcessorThatThrowsFailsOnlyItsOwnMessage()
    {
        var processor = new ScriptedMessageProcessor((message, _) =>
            message.MessageId == "a1" ? throw new InvalidOperationException("bug") : Task.FromResult(MessageOutcome.Succeeded(message)));

        await Process(processor, ("a1", "A"), ("b1", "B"), ("b2", "B"));

        Assert.Equal(["b1", "b2"], _queue.Deleted.Order());
        Assert.Equal([("a1", _options.FailedMessageRetryDelay)], _queue.VisibilityChanges);
    }

    [Fact]
    public async Task ADeleteThatSqsRefusesDoesNotFailTheBatch()
    {
        _queue.RefuseDelete.Add("a1");

        var outcomes = await Process(new ScriptedMessageProcessor(), ("a1", "A"), ("b1", "B"));

        Assert.Equal(["b1"], _queue.Deleted);
        Assert.All(outcomes, outcome => Assert.Equal(MessageDisposition.Succeeded, outcome.Disposition));
    }

    [Fact]
    public async Task StoppingReleasesTheMessagesThatHaveNotStartedAndDeletesTheFinishedOne()
    {
        using var stopping = new CancellationTokenSource();
        var processor = new ScriptedMessageProcessor((message, _) =>
        {
            // Shutdown arrives while a1 runs: a1 finishes, a2 must not start.
            stopping.Cancel();
            return Task.FromResult(MessageOutcome.Succeeded(message));
        });

        await Process(processor, stopping.Token, ("a1", "A"), ("a2", "A"));

        Assert.Equal(["a1"], processor.Started);
        Assert.Equal(["a1"], _queue.Deleted);
        Assert.Equal([("a2", TimeSpan.Zero)], _queue.VisibilityChanges);
    }

    [Fact]
    public async Task WorkStillRunningAfterTheGracePeriodIsCancelledAndReleased()
    {
        _options.ShutdownGracePeriod = TimeSpan.FromMilliseconds(1);
        using var stopping = new CancellationTokenSource();
        var processor = new ScriptedMessageProcessor(async (message, abort) =>
        {
            stopping.Cancel();
            try
            {
                await Task.Delay(Timeout.Infinite, abort).WaitAsync(Deadline);
                return MessageOutcome.Succeeded(message);
            }
            catch (OperationCanceledException)
            {
                return new MessageOutcome(message, MessageDisposition.Interrupted);
            }
        });

        var outcomes = await Process(processor, stopping.Token, ("a1", "A"), ("a2", "A"));

        Assert.Equal([MessageDisposition.Interrupted, MessageDisposition.NotStarted], outcomes.Select(outcome => outcome.Disposition));
        Assert.Empty(_queue.Deleted);
        Assert.Equal([("a1", TimeSpan.Zero), ("a2", TimeSpan.Zero)], _queue.VisibilityChanges.Order());
    }

    [Fact]
    public async Task SlowWorkHasItsVisibilityExtendedBeforeItRunsOut()
    {
        // Visibility of 1 s, renewed when 0.9 s or less is left: the extender acts within a few ticks.
        _options.VisibilityTimeout = TimeSpan.FromSeconds(1);
        _options.VisibilityExtensionThreshold = TimeSpan.FromMilliseconds(900);
        _options.VisibilityExtensionInterval = TimeSpan.FromMilliseconds(20);
        var processor = new ScriptedMessageProcessor(async (message, _) =>
        {
            // Finishes only once its visibility has been renewed.
            await _queue.FirstVisibilityChange.Task.WaitAsync(Deadline);
            return MessageOutcome.Succeeded(message);
        });

        await Process(processor, ("a1", "A"));

        Assert.Equal(("a1", TimeSpan.FromSeconds(1)), _queue.VisibilityChanges.First());
        Assert.Equal(["a1"], _queue.Deleted);
    }

    [Fact]
    public async Task InBatchModeTheBatchHasOneProcessSpanUnderItsReceiveAndItsMessagesRunInIt()
    {
        using var collector = new CapturedSpans(Ingestion.Workers.Telemetry.WorkerTelemetry.Name);
        var receive = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        _worker.TraceParentMode = TraceParentMode.Batch;
        var current = new System.Collections.Concurrent.ConcurrentBag<ActivitySpanId>();
        var processor = new ScriptedMessageProcessor((message, _) =>
        {
            current.Add(Activity.Current?.SpanId ?? default);
            return Task.FromResult(MessageOutcome.Succeeded(message));
        });

        await Process(processor, CancellationToken.None, receive, ("a1", "A"), ("b1", "B"), ("a2", "A"));

        var batch = Assert.Single(collector.Stopped, span => span.TraceId == receive.TraceId && span.Kind == ActivityKind.Consumer);
        Assert.Equal($"process {_queue.QueueName}", batch.DisplayName);
        Assert.Equal(receive.SpanId, batch.ParentSpanId);
        Assert.Equal(3, batch.GetTagItem("messaging.batch.message_count"));
        Assert.Equal(ActivityStatusCode.Unset, batch.Status);
        Assert.All(current, spanId => Assert.Equal(batch.SpanId, spanId));
        Assert.Equal(3, current.Count);
    }

    [Fact]
    public async Task InBatchModeAFailedMessageMakesTheBatchSpanAnError()
    {
        using var collector = new CapturedSpans(Ingestion.Workers.Telemetry.WorkerTelemetry.Name);
        var receive = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        _worker.TraceParentMode = TraceParentMode.Batch;
        var processor = new ScriptedMessageProcessor((message, _) => Task.FromResult(
            message.MessageId == "b1" ? MessageOutcome.Rejected(message, "unreadable") : MessageOutcome.Succeeded(message)));

        await Process(processor, CancellationToken.None, receive, ("a1", "A"), ("b1", "B"));

        var batch = Assert.Single(collector.Stopped, span => span.TraceId == receive.TraceId && span.Kind == ActivityKind.Consumer);
        Assert.Equal(ActivityStatusCode.Error, batch.Status);
        Assert.Equal("1 of 2 messages failed", batch.StatusDescription);
    }

    [Fact]
    public async Task InParentModeTheBatchHasNoProcessSpanOfItsOwn()
    {
        using var collector = new CapturedSpans(Ingestion.Workers.Telemetry.WorkerTelemetry.Name);
        var receive = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);

        await Process(new ScriptedMessageProcessor(), CancellationToken.None, receive, ("a1", "A"));

        Assert.DoesNotContain(collector.Stopped, span => span.TraceId == receive.TraceId && span.Kind == ActivityKind.Consumer);
    }

    private Task<IReadOnlyList<MessageOutcome>> Process(IMessageProcessor processor, params (string Id, string Group)[] messages) =>
        Process(processor, CancellationToken.None, messages);

    private Task<IReadOnlyList<MessageOutcome>> Process(IMessageProcessor processor, CancellationToken stopping, params (string Id, string Group)[] messages) =>
        Process(processor, stopping, default, messages);

    private Task<IReadOnlyList<MessageOutcome>> Process(
        IMessageProcessor processor, CancellationToken stopping, ActivityContext receiveContext, params (string Id, string Group)[] messages)
    {
        var batchProcessor = TestBatchProcessors.Create(_queue, processor, _options, _worker);
        List<InboundMessage> batch = [.. messages.Select(message => TestMessages.Inbound(message.Id, message.Group))];
        return batchProcessor.ProcessAsync(new ReceivedBatch(batch, receiveContext), stopping);
    }
}
