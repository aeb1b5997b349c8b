using System.Net.Http.Json;
using System.Text.Json;
using Ingestion.AppHost.Dashboard;
using Ingestion.AppHost.Telemetry.Model;

namespace Ingestion.Tests.Dashboard;

/// <summary>The journey read from telemetry alone (no queues reachable): each status the spans can show.</summary>
public sealed class EventJourneyTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = DateTimeOffset.UtcNow.AddMinutes(-5);
    private RunningDashboard _dashboard = null!;
    private HttpClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _dashboard = await TestDashboards.StartAsync(TestDashboards.FreePorts());
        _client = _dashboard.Client();
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _dashboard.DisposeAsync();
    }

    [Fact]
    public async Task AStoredEventHasEveryStageDone()
    {
        _dashboard.Telemetry.AddSpans(SampleTelemetry.Event(1, "evt-stored", Start));

        var journey = await JourneyAsync("evt-stored");

        Assert.Equal("stored", journey.GetProperty("status").GetString());
        Assert.Equal(["accepted", "published", "queued", "processed", "stored"], Stages(journey).Select(stage => stage.Key));
        Assert.All(Stages(journey), stage => Assert.Equal("done", stage.State));
        Assert.Equal(SampleTelemetry.TraceId(1), journey.GetProperty("traceIds")[0].GetString());
        Assert.Equal("CONTRACT#c-1", journey.GetProperty("itemId").GetString());
        Assert.Equal("sourceA", journey.GetProperty("source").GetString());
    }

    [Fact]
    public async Task AFailedAttemptShowsTheErrorAndThatSqsWillRetry()
    {
        var spans = SampleTelemetry.Event(2, "evt-failing", Start, failures: 1).Where(span => span.Name != "PutItem datastore" && !(span.Kind == SpanKind.Consumer && span.Status != SpanStatus.Error)).ToList();
        _dashboard.Telemetry.AddSpans(spans);

        var journey = await JourneyAsync("evt-failing");

        Assert.Equal("retrying", journey.GetProperty("status").GetString());
        var processed = Stages(journey).Single(stage => stage.Key == "processed");
        Assert.Equal("failed", processed.State);
        Assert.Contains("contract_status must be one of", processed.Detail);
        Assert.Contains(journey.GetProperty("errors").EnumerateArray(), error => error.GetProperty("message").GetString()!.Contains("InvalidEventException", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ASucceededRetryCountsItsAttempts()
    {
        _dashboard.Telemetry.AddSpans(SampleTelemetry.Event(3, "evt-retried", Start, failures: 2));

        var journey = await JourneyAsync("evt-retried");

        Assert.Equal("stored", journey.GetProperty("status").GetString());
        Assert.Equal("Succeeded on attempt 3", Stages(journey).Single(stage => stage.Key == "processed").Detail);
    }

    [Fact]
    public async Task APublishedEventNotYetProcessedIsWaitingInItsQueue()
    {
        _dashboard.Telemetry.AddSpans(SampleTelemetry.Event(4, "evt-waiting", Start).Where(span => span.Resource == "api").ToList());

        var journey = await JourneyAsync("evt-waiting");

        Assert.Equal("waiting", journey.GetProperty("status").GetString());
        Assert.Equal(["done", "done", "current", "pending", "pending"], Stages(journey).Select(stage => stage.State));
    }

    [Fact]
    public async Task AnEventPublishedInAnotherEventsBatchIsStillPublished()
    {
        // A coalesced PublishBatch hangs under the first event's trace and links to the others' create spans.
        var first = SampleTelemetry.Event(5, "evt-first", Start).Where(span => span.Resource == "api").ToList();
        var second = SampleTelemetry.Event(6, "evt-second", Start).Where(span => span.Resource == "api" && !span.Name.StartsWith("send", StringComparison.Ordinal)).ToList();
        var create = second.Single(span => span.Kind == SpanKind.Producer);
        var send = first.Single(span => span.Name.StartsWith("send", StringComparison.Ordinal));
        first[first.IndexOf(send)] = send with { Links = [new SpanLink(create.TraceId, create.SpanId, new Dictionary<string, string>())] };
        _dashboard.Telemetry.AddSpans([.. first, .. second]);

        var journey = await JourneyAsync("evt-second");

        Assert.Equal("done", Stages(journey).Single(stage => stage.Key == "published").State);
    }

    [Fact]
    public async Task AnEventNobodyMentionedIsUnknown()
    {
        var journey = await JourneyAsync("evt-never-seen");

        Assert.Equal("unknown", journey.GetProperty("status").GetString());
        Assert.Empty(journey.GetProperty("traceIds").EnumerateArray());
    }

    private async Task<JsonElement> JourneyAsync(string eventId) =>
        await _client.GetFromJsonAsync<JsonElement>($"/api/events/{eventId}", TestContext.Current.CancellationToken);

    private static List<(string Key, string State, string? Detail)> Stages(JsonElement journey) =>
        journey.GetProperty("stages").EnumerateArray()
            .Select(stage => (stage.GetProperty("key").GetString()!, stage.GetProperty("state").GetString()!, stage.GetProperty("detail").GetString()))
            .ToList();
}
