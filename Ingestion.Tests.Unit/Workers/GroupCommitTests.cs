using System.Collections.Concurrent;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Ingestion.Workers.Persistence;

namespace Ingestion.Tests.Workers;

/// <summary>
/// Group commit of the store's batch calls: requests that arrive while a call runs share the next one,
/// and each caller still gets its own answer or failure.
/// </summary>
public sealed class GroupCommitTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RequestsArrivingWhileACallRunsGoOutTogetherInTheNext()
    {
        var calls = new RecordingCalls();
        var commit = new GroupCommit<int, int>(calls.AnswerAsync, maxPerCall: 10);

        var first = commit.CallAsync(1, Cancellation);
        await calls.Started.WaitAsync(1, Patience);
        var waiting = new[] { commit.CallAsync(2, Cancellation), commit.CallAsync(3, Cancellation), commit.CallAsync(4, Cancellation) };
        calls.Release();

        var answers = await Task.WhenAll([first, .. waiting]).WaitAsync(Patience, Cancellation);
        Assert.Equal([10, 20, 30, 40], answers);
        Assert.Equal([[1], [2, 3, 4]], calls.Batches);
    }

    [Fact]
    public async Task NoCallTakesMoreThanItsMaximum()
    {
        var calls = new RecordingCalls();
        var commit = new GroupCommit<int, int>(calls.AnswerAsync, maxPerCall: 2);

        var first = commit.CallAsync(1, Cancellation);
        await calls.Started.WaitAsync(1, Patience);
        var waiting = Enumerable.Range(2, 5).Select(request => commit.CallAsync(request, Cancellation)).ToList();
        calls.Release();

        await Task.WhenAll([first, .. waiting]).WaitAsync(Patience, Cancellation);
        Assert.Equal([[1], [2, 3], [4, 5], [6]], calls.Batches);
    }

    [Fact]
    public async Task TwoRequestsForOneKeyNeverShareACall()
    {
        // DynamoDB refuses a BatchWriteItem that names one key twice.
        var calls = new RecordingCalls();
        var commit = new GroupCommit<int, int>(calls.AnswerAsync, maxPerCall: 10, exclusiveKey: request => (request % 10).ToString(System.Globalization.CultureInfo.InvariantCulture));

        var first = commit.CallAsync(1, Cancellation);
        await calls.Started.WaitAsync(1, Patience);
        var waiting = new[] { commit.CallAsync(2, Cancellation), commit.CallAsync(12, Cancellation), commit.CallAsync(3, Cancellation) };
        calls.Release();

        await Task.WhenAll([first, .. waiting]).WaitAsync(Patience, Cancellation);
        Assert.Equal([[1], [2, 3], [12]], calls.Batches);
    }

    [Fact]
    public async Task ACallRefusedAsInvalidIsMadeAgainPerRequestSoOnlyTheInvalidOneFails()
    {
        var calls = new RecordingCalls(refuse: 3);
        var commit = new GroupCommit<int, int>(calls.AnswerAsync, maxPerCall: 10);

        var first = commit.CallAsync(1, Cancellation);
        await calls.Started.WaitAsync(1, Patience);
        var good = commit.CallAsync(2, Cancellation);
        var invalid = commit.CallAsync(3, Cancellation);
        calls.Release();

        Assert.Equal(10, await first.WaitAsync(Patience, Cancellation));
        Assert.Equal(20, await good.WaitAsync(Patience, Cancellation));
        var refused = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => invalid.WaitAsync(Patience, Cancellation));
        Assert.Equal("ValidationException", refused.ErrorCode);
        Assert.Equal([[1], [2, 3], [2], [3]], calls.Batches);
    }

    [Fact]
    public async Task AFailedCallFailsEveryRequestInIt()
    {
        var calls = new RecordingCalls(outage: true);
        var commit = new GroupCommit<int, int>(calls.AnswerAsync, maxPerCall: 10);

        var first = commit.CallAsync(1, Cancellation);
        await calls.Started.WaitAsync(1, Patience);
        var second = commit.CallAsync(2, Cancellation);
        calls.Release();

        await Assert.ThrowsAsync<ProvisionedThroughputExceededException>(() => first.WaitAsync(Patience, Cancellation));
        await Assert.ThrowsAsync<ProvisionedThroughputExceededException>(() => second.WaitAsync(Patience, Cancellation));
    }

    [Fact]
    public async Task OneCallerGivingUpLeavesTheOthersTheirAnswers()
    {
        var calls = new RecordingCalls();
        var commit = new GroupCommit<int, int>(calls.AnswerAsync, maxPerCall: 10);
        using var impatient = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);

        var first = commit.CallAsync(1, impatient.Token);
        await calls.Started.WaitAsync(1, Patience);
        var second = commit.CallAsync(2, Cancellation);
        await impatient.CancelAsync();
        calls.Release();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.Equal(20, await second.WaitAsync(Patience, Cancellation));
    }

    [Fact]
    public async Task AFaultInTheSharingItselfFailsTheWaitersInsteadOfLeavingThemWaiting()
    {
        var calls = new RecordingCalls();
        calls.Release();
        var commit = new GroupCommit<int, int>(calls.AnswerAsync, maxPerCall: 10, exclusiveKey: _ => throw new InvalidOperationException("a bug"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => commit.CallAsync(1, Cancellation).WaitAsync(Patience, Cancellation));
        // Nor is the next request stuck behind it.
        await Assert.ThrowsAsync<InvalidOperationException>(() => commit.CallAsync(2, Cancellation).WaitAsync(Patience, Cancellation));
    }

    /// <summary>Answers each request with ten times itself; the first call waits until released, so others can queue behind it.</summary>
    private sealed class RecordingCalls(int? refuse = null, bool outage = false)
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly ConcurrentQueue<int[]> _batches = new();

        public StartedCount Started { get; } = new();

        public int[][] Batches => [.. _batches];

        public void Release() => _released.TrySetResult();

        public async Task<IReadOnlyList<int>> AnswerAsync(IReadOnlyList<int> requests)
        {
            _batches.Enqueue([.. requests]);
            Started.Increment();
            await _released.Task;
            if (outage)
            {
                throw new ProvisionedThroughputExceededException("throttled");
            }

            if (refuse is { } invalid && requests.Contains(invalid))
            {
                throw new AmazonDynamoDBException("invalid key") { ErrorCode = "ValidationException" };
            }

            return [.. requests.Select(request => request * 10)];
        }
    }

    private sealed class StartedCount
    {
        private readonly SemaphoreSlim _started = new(0);

        public void Increment() => _started.Release();

        public async Task WaitAsync(int count, TimeSpan timeout)
        {
            for (var i = 0; i < count; i++)
            {
                Assert.True(await _started.WaitAsync(timeout), "the call did not start");
            }
        }
    }
}
