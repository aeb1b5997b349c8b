using Ingestion.Tests.Chaos;
using Ingestion.Workers.Messages;
using Ingestion.Workers.Polling;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ingestion.Tests.Workers;

/// <summary>
/// The poller under faults, on fakes: retries back off by receive count, a store outage stops the
/// worker and is charged to no message, the last allowed receive dead-letters with the reason, and a
/// finished message stays invisible until its batch settles it.
/// </summary>
public sealed class PollerFaultTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly FakeSourceQueue _queue = new();
    private readonly PollerOptions _options = new();

    [Fact]
    public void TheRetryCeilingDoublesWithEachReceiveUpToItsCap()
    {
        _options.FailedMessageRetryDelay = TimeSpan.FromSeconds(2);
        _options.FailedMessageMaxRetryDelay = TimeSpan.FromSeconds(60);
        var backOff = new RetryBackOff(Options.Create(_options), () => 1.0);

        Assert.Equal([2, 4, 8, 16, 32, 60, 60], new[] { 1, 2, 3, 4, 5, 6, 40 }.Select(count => backOff.CeilingFor(count).TotalSeconds));
    }

    [Fact]
    public void TheDelayIsDrawnBelowTheCeilingInWholeSeconds()
    {
        var draws = new Queue<double>([0.0, 0.5, 0.99]);
        var backOff = new RetryBackOff(Options.Create(_options), () => draws.Dequeue());

        // Receive 4: a ceiling of 2 s × 2³ = 16 s.
        Assert.Equal([0, 8, 16], Enumerable.Range(0, 3).Select(_ => backOff.DelayFor(4).TotalSeconds));
    }

    [Fact]
    public async Task AMessageThatFailedAgainWaitsLongerThanAfterItsFirstFailure()
    {
        var processor = new ScriptedMessageProcessor((message, _) => Task.FromResult(MessageOutcome.Failed(message, "boom")));

        await Process(processor, TestMessages.Inbound("a1", "A", receiveCount: 1), TestMessages.Inbound("b1", "B", receiveCount: 3));

        // The jitter is at its ceiling here: 2 s on the first receive, 2 s × 2² on the third.
        Assert.Equal([("a1", TimeSpan.FromSeconds(2)), ("b1", TimeSpan.FromSeconds(8))], _queue.VisibilityChanges.Order());
    }

    [Fact]
    public async Task AMessageFailingOnItsLastAllowedReceiveIsDeadLetteredByTheWorkerWithItsLastError()
    {
        _queue.MaxReceiveCount = 4;
        var processor = new ScriptedMessageProcessor((message, _) => Task.FromResult(MessageOutcome.Failed(message, "handler threw IOException: disk full")));

        await Process(processor, TestMessages.Inbound("a1", "A", receiveCount: 4), TestMessages.Inbound("b1", "B", receiveCount: 3));

        var (id, reason) = Assert.Single(_queue.DeadLettered);
        Assert.Equal("a1", id);
        Assert.Equal("failed on each of its 4 allowed receives; last error: handler threw IOException: disk full", reason);
        Assert.Equal(["a1"], _queue.Deleted);
        Assert.Equal(["b1"], _queue.VisibilityChanges.Select(change => change.MessageId));
    }

    [Fact]
    public async Task OnceTheStoreCountsAsDownItsFailuresGoBackUnchargedAndNothingElseStarts()
    {
        _options.StoreOutageThreshold = 2;
        _options.MaxConcurrentGroups = 1;
        var processor = new ScriptedMessageProcessor((message, _) => Task.FromResult(MessageOutcome.Unavailable(message, "ProvisionedThroughputExceededException")));

        var outcomes = await Process(processor,
            TestMessages.Inbound("a1", "A"), TestMessages.Inbound("a2", "A"), TestMessages.Inbound("b1", "B"), TestMessages.Inbound("c1", "C"));

        // a1 and b1 failed (the second failure opened the circuit), c1 never started; none is charged a receive.
        Assert.Equal(["a1", "b1"], processor.Started);
        Assert.All(outcomes, outcome => Assert.Contains(outcome.Disposition, new[] { MessageDisposition.Deferred, MessageDisposition.HeldBack }));
        Assert.Equal(["a1", "a2", "b1", "c1"], _queue.Requeued.Order());
        Assert.Equal(["a1", "a2", "b1", "c1"], _queue.Deleted.Order());
        Assert.Empty(_queue.VisibilityChanges);
        Assert.Empty(_queue.DeadLettered);
    }

    [Fact]
    public async Task ASingleStoreHiccupIsAnOrdinaryRetryNotAnOutage()
    {
        _options.StoreOutageThreshold = 3;
        var processor = new ScriptedMessageProcessor((message, _) => Task.FromResult(message.MessageId == "a1"
            ? MessageOutcome.Unavailable(message, "ProvisionedThroughputExceededException")
            : MessageOutcome.Succeeded(message)));

        await Process(processor, TestMessages.Inbound("a1", "A"), TestMessages.Inbound("b1", "B"));

        Assert.Equal([("a1", _options.FailedMessageRetryDelay)], _queue.VisibilityChanges);
        Assert.Empty(_queue.Requeued);
    }

    [Fact]
    public async Task AnOpenCircuitHoldsReceivesBackUntilItsProbeAndTheFirstSuccessClosesIt()
    {
        _options.StoreOutageThreshold = 1;
        _options.StoreProbeInterval = TimeSpan.FromSeconds(5);
        var clock = new ManualClock();
        var circuit = new StoreCircuit(Options.Create(_options), clock, NullLogger<StoreCircuit>.Instance);

        Assert.False(await circuit.WaitToReceiveAsync(TestContext.Current.CancellationToken));
        Assert.True(circuit.RecordUnavailable("throttled"));
        Assert.True(circuit.IsOpen);

        var probe = circuit.WaitToReceiveAsync(TestContext.Current.CancellationToken);
        Assert.False(probe.IsCompleted);
        clock.Now += _options.StoreProbeInterval;
        Assert.True(await probe.WaitAsync(Deadline, TestContext.Current.CancellationToken));

        // The probe batch runs (nothing new is deferred while it does); its success closes the circuit.
        Assert.False(circuit.IsOpen);
        Assert.True(circuit.IsTripped);
        circuit.RecordSuccess();
        Assert.False(circuit.IsTripped);
        Assert.False(await circuit.WaitToReceiveAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task AFailedProbeOpensTheCircuitAgain()
    {
        _options.StoreOutageThreshold = 5;
        var clock = new ManualClock();
        var circuit = new StoreCircuit(Options.Create(_options), clock, NullLogger<StoreCircuit>.Instance);
        for (var i = 0; i < 5; i++)
        {
            circuit.RecordUnavailable("throttled");
        }

        clock.Now += _options.StoreProbeInterval;
        Assert.True(await circuit.WaitToReceiveAsync(TestContext.Current.CancellationToken));
        circuit.RecordUnavailable("still throttled");

        Assert.True(circuit.IsOpen);
        Assert.False(circuit.WaitToReceiveAsync(TestContext.Current.CancellationToken).IsCompleted);
    }

    [Fact]
    public async Task AFinishedMessageKeepsItsVisibilityExtendedWhileTheRestOfItsBatchRuns()
    {
        // Visibility of 1 s, renewed when 0.9 s or less is left: the extender acts within a few ticks.
        _options.VisibilityTimeout = TimeSpan.FromSeconds(1);
        _options.VisibilityExtensionThreshold = TimeSpan.FromMilliseconds(900);
        _options.VisibilityExtensionInterval = TimeSpan.FromMilliseconds(20);
        var processor = new ScriptedMessageProcessor(async (message, cancellationToken) =>
        {
            if (message.MessageId == "b1")
            {
                // b1 runs on until a1, finished long before, has had its visibility renewed.
                await Support.Eventually.TrueAsync(
                    () => Task.FromResult(_queue.VisibilityChanges.Any(change => change.MessageId == "a1")),
                    Deadline, "a1's visibility to be extended", cancellationToken);
            }

            return MessageOutcome.Succeeded(message);
        });

        await Process(processor, TestMessages.Inbound("a1", "A"), TestMessages.Inbound("b1", "B"));

        Assert.Contains(("a1", TimeSpan.FromSeconds(1)), _queue.VisibilityChanges);
        Assert.Equal(["a1", "b1"], _queue.Deleted.Order());
    }

    [Fact]
    public async Task AnExtensionSqsRefusesForOneMessageIsTriedAgainOnTheNextTickAndTheOthersAreExtended()
    {
        _options.VisibilityTimeout = TimeSpan.FromSeconds(1);
        _options.VisibilityExtensionThreshold = TimeSpan.FromMilliseconds(900);
        _options.VisibilityExtensionInterval = TimeSpan.FromMilliseconds(20);
        _queue.RefuseNextVisibilityChange["a1"] = true;
        var processor = new ScriptedMessageProcessor(async (message, cancellationToken) =>
        {
            await Support.Eventually.TrueAsync(
                () => Task.FromResult(_queue.VisibilityChanges.Any(change => change.MessageId == message.MessageId)),
                Deadline, $"{message.MessageId}'s visibility to be extended", cancellationToken);
            return MessageOutcome.Succeeded(message);
        });

        await Process(processor, TestMessages.Inbound("a1", "A"), TestMessages.Inbound("b1", "B"));

        Assert.Empty(_queue.RefuseNextVisibilityChange);
        Assert.Equal(["a1", "b1"], _queue.Deleted.Order());
    }

    [Fact]
    public async Task AReleaseSqsRefusesForOneMessageLeavesTheOthersReleasedAndTheBatchSettled()
    {
        _queue.RefuseNextVisibilityChange["a1"] = true;
        var processor = new ScriptedMessageProcessor((message, _) => Task.FromResult(MessageOutcome.Failed(message, "boom")));

        var outcomes = await Process(processor, TestMessages.Inbound("a1", "A"), TestMessages.Inbound("b1", "B"));

        // a1 stays hidden for its visibility timeout instead of its back-off: a later retry, not a loss.
        Assert.Equal([("b1", _options.FailedMessageRetryDelay)], _queue.VisibilityChanges);
        Assert.All(outcomes, outcome => Assert.Equal(MessageDisposition.Failed, outcome.Disposition));
    }

    public static TheoryData<Exception, bool> StoreFailures() => new()
    {
        { new Amazon.DynamoDBv2.Model.ProvisionedThroughputExceededException("slow down") { ErrorCode = "ProvisionedThroughputExceededException", StatusCode = System.Net.HttpStatusCode.BadRequest }, true },
        { new Amazon.DynamoDBv2.AmazonDynamoDBException("boom") { ErrorCode = "InternalServerError", StatusCode = System.Net.HttpStatusCode.InternalServerError }, true },
        { new Amazon.S3.AmazonS3Exception("Please reduce your request rate.") { ErrorCode = "SlowDown", StatusCode = System.Net.HttpStatusCode.ServiceUnavailable }, true },
        { new Amazon.Runtime.AmazonClientException("no answer", new HttpRequestException("connection refused")), true },
        { new TaskCanceledException("timed out", new TimeoutException()), true },
        { new Amazon.DynamoDBv2.AmazonDynamoDBException("no such table") { ErrorCode = "ResourceNotFoundException", StatusCode = System.Net.HttpStatusCode.BadRequest }, false },
        { new Amazon.DynamoDBv2.AmazonDynamoDBException("denied") { ErrorCode = "AccessDeniedException", StatusCode = System.Net.HttpStatusCode.BadRequest }, false },
        { new InvalidOperationException("a bug"), false },
    };

    [Theory]
    [MemberData(nameof(StoreFailures))]
    public void OnlyThrottlingServerErrorsTimeoutsAndLostConnectionsCountAsTheStoreBeingDown(Exception exception, bool unavailable) =>
        Assert.Equal(unavailable, TransientFailures.IsStoreUnavailable(exception));

    private Task<IReadOnlyList<MessageOutcome>> Process(IMessageProcessor processor, params InboundMessage[] messages) =>
        TestBatchProcessors.Create(_queue, processor, _options).ProcessAsync(new ReceivedBatch(messages, default), CancellationToken.None);
}
