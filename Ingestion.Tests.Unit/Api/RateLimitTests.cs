using System.Net;
using Ingestion.Tests.Support;

namespace Ingestion.Tests.Api;

/// <summary>
/// Each source has its own buckets: a flood from one is answered 429 with Retry-After and
/// publishes nothing, while the others flow. The refill rates are slow enough (a request token per
/// 1,000 s, an event token per 20 s) that no bucket refills during a test: nothing here depends on timing.
/// </summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private readonly FakeSnsClient _sns = new();
    private Microsoft.AspNetCore.Builder.WebApplication? _app;
    private HttpClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _app = ApiHost.Build(_sns, new CapturedLogs(), new Dictionary<string, string?>
        {
            ["AWS:Resources:IngestionTopicArn"] = ApiHost.TopicArn,
            ["RateLimits:Sources:sourceA:RequestsPerSecond"] = "0.001",
            ["RateLimits:Sources:sourceA:RequestBurst"] = "3",
            ["RateLimits:Sources:sourceC:EventsPerSecond"] = "0.05",
        });
        await _app.StartAsync(TestContext.Current.CancellationToken);
        _client = ApiKeyHeaders.Client(new Uri(_app.Urls.Single()));
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task AFloodFromOneSourceIsThrottledWhileAnotherFlows()
    {
        var flood = Enumerable.Range(0, 12).Select(i => PostAsync("sourceA", SampleEvents.Equipment($"e-{i}")));
        var others = Enumerable.Range(0, 12).Select(i => PostAsync("sourceB", SampleEvents.Contract($"c-{i}")));

        var answers = await Task.WhenAll(flood.Concat(others));

        var sourceA = answers.Take(12).ToList();
        Assert.Equal(3, sourceA.Count(a => a.Status == HttpStatusCode.Accepted));
        Assert.All(sourceA.Where(a => a.Status != HttpStatusCode.Accepted), a =>
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, a.Status);
            Assert.Equal("application/problem+json", a.MediaType);
            Assert.Contains("Too many requests", a.Body, StringComparison.Ordinal);
            Assert.InRange(a.RetryAfterSeconds!.Value, 900, 1000);
        });
        Assert.All(answers.Skip(12), a => Assert.Equal(HttpStatusCode.Accepted, a.Status));
        // Nothing of a refused request reached the topic: 3 equipment events and the 12 contracts.
        Assert.Equal(3, _sns.Entries.Count(entry => entry.MessageGroupId!.StartsWith("EQUIPMENT#", StringComparison.Ordinal)));
        Assert.Equal(12, _sns.Entries.Count(entry => entry.MessageGroupId!.StartsWith("CONTRACT#", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task EventsCountSeparatelyFromRequests()
    {
        // The events bucket holds one full request (100 events): the first batch passes, the next finds it empty.
        var full = await PostAsync("sourceC", SampleEvents.Batch(100, i => SampleEvents.Milestone($"m-{i}")));
        var next = await PostAsync("sourceC", SampleEvents.Batch(5, i => SampleEvents.Milestone($"n-{i}")));

        Assert.Equal(HttpStatusCode.Accepted, full.Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, next.Status);
        Assert.Contains("Too many events", next.Body, StringComparison.Ordinal);
        // Five events at one per 20 s: back in 100 s.
        Assert.InRange(next.RetryAfterSeconds!.Value, 80, 100);
        Assert.Equal(100, _sns.Entries.Count(entry => entry.MessageGroupId!.StartsWith("MILESTONE#", StringComparison.Ordinal)));
    }

    private async Task<Answer> PostAsync(string source, string json)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await _client.PostAsync($"/sources/{source}/events", content, TestContext.Current.CancellationToken);
        return new Answer(
            response.StatusCode,
            response.Content.Headers.ContentType?.MediaType,
            await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken),
            response.Headers.RetryAfter?.Delta is { } delta ? (int)delta.TotalSeconds : null);
    }

    private sealed record Answer(HttpStatusCode Status, string? MediaType, string Body, int? RetryAfterSeconds);
}
