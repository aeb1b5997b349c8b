using System.Net;
using Ingestion.Api.Publishing;
using Ingestion.Messaging;
using Ingestion.Messaging.Sns;
using Ingestion.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Ingestion.Tests.Api;

public sealed class PublishingTests : IClassFixture<ApiHost>
{
    private readonly ApiHost _api;

    public PublishingTests(ApiHost api)
    {
        _api = api;
        _api.Sns.Reset();
    }

    [Fact]
    public async Task ConcurrentSingleEventsOfOneItemNeverShareAPublishBatchCall()
    {
        var (firstCallStarted, releaseFirstCall) = HoldTheFirstPublishBatch();
        var batcher = _api.Services.GetRequiredService<SingleEventBatcher>();

        var first = _api.PostAsync("sourceB", SampleEvents.Contract("c-hold"));
        await firstCallStarted.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        var others = new[] { "c-same", "c-same", "c-else", "c-same" }.Select(id => _api.PostAsync("sourceB", SampleEvents.Contract(id))).ToList();
        await Eventually.TrueAsync(() => batcher.QueuedCount == 4, "four single events are queued");
        releaseFirstCall.SetResult();

        var responses = await Task.WhenAll([first, .. others]);

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.Accepted, response.StatusCode));
        Assert.Equal(5, _api.Sns.Entries.Count);
        Assert.All(_api.Sns.Calls, call => Assert.Equal(call.Count, call.Select(entry => entry.MessageGroupId).Distinct().Count()));
    }

    [Fact]
    public async Task ConcurrentSingleEventsSharePublishBatchCalls()
    {
        var (firstCallStarted, releaseFirstCall) = HoldTheFirstPublishBatch();
        var batcher = _api.Services.GetRequiredService<SingleEventBatcher>();

        // The first request holds the only publishing slot; the other nine queue up behind it.
        var first = _api.PostAsync("sourceB", SampleEvents.Contract("c-0"));
        await firstCallStarted.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        var others = Enumerable.Range(1, 9).Select(i => _api.PostAsync("sourceB", SampleEvents.Contract($"c-{i}"))).ToList();
        await Eventually.TrueAsync(() => batcher.QueuedCount == 9, "nine single events are queued");
        releaseFirstCall.SetResult();

        var responses = await Task.WhenAll([first, .. others]);

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.Accepted, response.StatusCode));
        Assert.Equal([1, 9], _api.Sns.Calls.Select(call => call.Count));
        var eventIds = await Task.WhenAll(responses.Select(async r => Assert.Single((await r.AssertAcceptedAsync()).EventIds())));
        Assert.Equal(eventIds.Order(StringComparer.Ordinal), _api.Sns.Entries.Select(e => e.MessageAttributes[MessageAttributeNames.EventId].Value).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task EachCallerOfASharedBatchGetsItsOwnResult()
    {
        var firstCallStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseFirstCall = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _api.Sns.OnPublishBatch = async (call, entries) =>
        {
            if (call == 1)
            {
                firstCallStarted.SetResult();
                await releaseFirstCall.Task;
                return _api.Sns.AllSucceed(entries);
            }

            // SNS refuses only c-2's entry: only c-2's caller hears about it.
            var refused = entries.Single(entry => entry.MessageGroupId == "CONTRACT#c-2");
            var rest = _api.Sns.AllSucceed([.. entries.Where(entry => entry != refused)]);
            return rest with { Failed = [new SnsBatchFailure(refused.Id, "InternalError", "try again", SenderFault: false)] };
        };
        var batcher = _api.Services.GetRequiredService<SingleEventBatcher>();

        var first = _api.PostAsync("sourceB", SampleEvents.Contract("c-0"));
        await firstCallStarted.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        var others = Enumerable.Range(1, 3).Select(i => _api.PostAsync("sourceB", SampleEvents.Contract($"c-{i}"))).ToList();
        await Eventually.TrueAsync(() => batcher.QueuedCount == 3, "three single events are queued");
        releaseFirstCall.SetResult();
        await first;

        var statuses = (await Task.WhenAll(others)).Select(response => response.StatusCode).ToList();

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.ServiceUnavailable, HttpStatusCode.Accepted], statuses);
        Assert.Equal([1, 3], _api.Sns.Calls.Select(call => call.Count));
    }

    [Theory]
    [InlineData("Throttling", HttpStatusCode.BadRequest)]
    [InlineData("Unreachable", null)]
    [InlineData("InternalError", HttpStatusCode.InternalServerError)]
    [InlineData("ExpiredToken", HttpStatusCode.Forbidden)]
    public async Task TransientSnsFailureIsA503WithRetryAfter(string errorCode, HttpStatusCode? snsStatus)
    {
        _api.Sns.OnPublishBatch = (_, _) => throw new SnsException("SNS says no", errorCode, snsStatus);

        var response = await _api.PostAsync("sourceB", SampleEvents.Contract());

        var problem = await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal(TimeSpan.FromSeconds(2), response.Headers.RetryAfter?.Delta);
        var report = Assert.Single(problem.GetProperty("events").EnumerateArray());
        Assert.Equal("failed", report.GetProperty("status").GetString());
        Assert.Equal(errorCode, report.GetProperty("error").GetString());
        // The API made this id up, so the producer must be told to send it back.
        Assert.Contains(report.GetProperty("event_id").GetString()!, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RetryAdviceSaysResendingIsSafeWhenTheClientChoseTheEventId()
    {
        _api.Sns.OnPublishBatch = (_, _) => throw new SnsException("Rate exceeded", "Throttling", HttpStatusCode.BadRequest);

        var problem = await (await _api.PostAsync("sourceB", SampleEvents.Contract(), idempotencyKey: "k-1")).AssertProblemAsync(HttpStatusCode.ServiceUnavailable);

        Assert.Contains("Resending is safe", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BatchGoesOutInChunksOfTenInRequestOrder()
    {
        var json = SampleEvents.Batch(25, i => SampleEvents.Contract($"c-{i}"));

        await (await _api.PostAsync("sourceB", json)).AssertAcceptedAsync();

        Assert.Equal([10, 10, 5], _api.Sns.Calls.Select(call => call.Count));
        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"CONTRACT#c-{i}"), _api.Sns.Entries.Select(entry => entry.MessageGroupId));
    }

    [Fact]
    public async Task PartialBatchFailureReportsWhichEventsFailedWhileOtherItemsGoOn()
    {
        _api.Sns.OnPublishBatch = (_, entries) =>
        {
            var result = _api.Sns.AllSucceed([.. entries.Where(entry => entry.Id != "3")]);
            return Task.FromResult(result with { Failed = [new SnsBatchFailure("3", "InternalError", "try again", SenderFault: false)] });
        };
        var json = SampleEvents.Batch(12, i => SampleEvents.Contract($"c-{i}", eventId: $"evt-{i}"));

        var response = await _api.PostAsync("sourceB", json);

        var problem = await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(response.Headers.RetryAfter);
        var statuses = problem.GetProperty("events").EnumerateArray()
            .ToDictionary(e => e.GetProperty("event_id").GetString()!, e => e.GetProperty("status").GetString());
        Assert.Equal("failed", statuses["evt-3"]);
        // Twelve different items: only c-3's later events would wait for it (GroupOrderedPublishingTests).
        Assert.Equal(11, statuses.Values.Count(status => status == "published"));
        Assert.Equal([10, 2], _api.Sns.Calls.Select(call => call.Count));
        Assert.Contains("Resending is safe", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PermanentFailureIsA500WithoutRetryAfter()
    {
        _api.Sns.OnPublishBatch = (_, entries) =>
            Task.FromResult(new SnsPublishBatchResult([], [.. entries.Select(e => new SnsBatchFailure(e.Id, "InvalidParameter", "bad", SenderFault: true))]));

        var response = await _api.PostAsync("sourceB", SampleEvents.Contract());

        await response.AssertProblemAsync(HttpStatusCode.InternalServerError);
        Assert.Null(response.Headers.RetryAfter);
    }

    [Theory]
    [InlineData("Throttled")]
    [InlineData("Throttling")]
    public async Task AnEntryRefusedForThrottlingIsA503EvenMarkedAsTheSendersFault(string code)
    {
        // SNS's throttling code is Throttled (ThrottledException); an entry refused with it may pass on a resend.
        _api.Sns.OnPublishBatch = (_, entries) =>
            Task.FromResult(new SnsPublishBatchResult([], [.. entries.Select(e => new SnsBatchFailure(e.Id, code, "Rate exceeded", SenderFault: true))]));

        var response = await _api.PostAsync("sourceB", SampleEvents.Contract());

        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(response.Headers.RetryAfter);
    }

    [Fact]
    public async Task UnexpectedPublishErrorIsA500WithoutStackTrace()
    {
        _api.Sns.OnPublishBatch = (_, _) => throw new InvalidOperationException("secret internals");

        var response = await _api.PostAsync("sourceB", SampleEvents.Batch(2, i => SampleEvents.Contract($"c-{i}")));

        var problem = await response.AssertProblemAsync(HttpStatusCode.InternalServerError);
        Assert.DoesNotContain("secret internals", problem.GetRawText(), StringComparison.Ordinal);
    }

    /// <summary>The first PublishBatch call waits until released, so the requests behind it queue up.</summary>
    private (TaskCompletionSource Started, TaskCompletionSource Release) HoldTheFirstPublishBatch()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _api.Sns.OnPublishBatch = async (call, entries) =>
        {
            if (call == 1)
            {
                started.SetResult();
                await release.Task;
            }

            return _api.Sns.AllSucceed(entries);
        };
        return (started, release);
    }
}
