using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ingestion.AppHost.Dashboard;

namespace Ingestion.Tests.Dashboard;

/// <summary>The JSON API besides traces: resources (pinned shape and actions), console, logs, events; the pages themselves.</summary>
public sealed class DashboardApiTests : IAsyncLifetime
{
    private readonly FakeResourceMonitor _monitor = FakeResourceMonitor.WithSampleResources();
    private RunningDashboard _dashboard = null!;
    private HttpClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _dashboard = await TestDashboards.StartAsync(TestDashboards.FreePorts(), _monitor);
        _client = _dashboard.Client();
        SampleTelemetry.Seed(_dashboard.Telemetry, DateTimeOffset.UtcNow);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _dashboard.DisposeAsync();
    }

    [Fact]
    public async Task ResourcesHaveThePinnedShapeAndMaskedSecrets()
    {
        using var document = JsonDocument.Parse(await _client.GetStringAsync("/api/resources", TestContext.Current.CancellationToken));

        var api = document.RootElement.EnumerateArray().Single(resource => resource.GetProperty("name").GetString() == "api");
        Assert.Equal(["name", "type", "state", "health", "endpoints"], api.EnumerateObject().Select(property => property.Name).Take(5));
        Assert.Equal("project", api.GetProperty("type").GetString());
        Assert.Equal("Running", api.GetProperty("state").GetString());
        Assert.Equal("Healthy", api.GetProperty("health").GetString());
        Assert.Equal("http://127.0.0.1:5080", api.GetProperty("endpoints")[0].GetString());
        var environment = api.GetProperty("environment");
        Assert.Equal("••••••", environment.GetProperty("AWS_SECRET_ACCESS_KEY").GetString());
        Assert.Equal("api", environment.GetProperty("OTEL_SERVICE_NAME").GetString());
    }

    [Fact]
    public async Task ResourceActionsReachTheSupervisor()
    {
        using var restart = await _client.PostAsync("/api/resources/worker-sourceA/restart", null, TestContext.Current.CancellationToken);
        using var stop = await _client.PostAsync("/api/resources/api/stop", null, TestContext.Current.CancellationToken);
        using var unknown = await _client.PostAsync("/api/resources/nope/start", null, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Accepted, restart.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, stop.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(["restart worker-sourceA", "stop api"], _monitor.Actions);
        Assert.Equal("Stopped", (await _client.GetFromJsonAsync<JsonElement>("/api/resources", TestContext.Current.CancellationToken))
            .EnumerateArray().Single(resource => resource.GetProperty("name").GetString() == "api").GetProperty("state").GetString());
    }

    [Fact]
    public async Task ConsoleLinesAreFilteredAndFreeOfColourCodes()
    {
        _monitor.Write("api", "\u001b[32minfo\u001b[0m: Now listening on: http://127.0.0.1:5080");
        _monitor.Write("worker-sourceA", "info: polling sourceA-queue.fifo");
        _monitor.Write("api", "fail: boom", isError: true);

        using var all = JsonDocument.Parse(await _client.GetStringAsync("/api/console", TestContext.Current.CancellationToken));
        using var filtered = JsonDocument.Parse(await _client.GetStringAsync("/api/console?resource=api&text=listening", TestContext.Current.CancellationToken));

        Assert.Equal(3, all.RootElement.GetProperty("lines").GetArrayLength());
        var line = Assert.Single(filtered.RootElement.GetProperty("lines").EnumerateArray());
        Assert.Equal("info: Now listening on: http://127.0.0.1:5080", line.GetProperty("text").GetString());
    }

    [Fact]
    public async Task LogsAreFilteredByLevelResourceAndAttribute()
    {
        using var warnings = JsonDocument.Parse(await _client.GetStringAsync("/api/logs?level=Warning", TestContext.Current.CancellationToken));
        using var byAttribute = JsonDocument.Parse(await _client.GetStringAsync("/api/logs?attr=MessageId%3Dm-7", TestContext.Current.CancellationToken));

        Assert.All(warnings.RootElement.GetProperty("entries").EnumerateArray(), entry => Assert.Contains(entry.GetProperty("severity").GetString(), new[] { "Warning", "Error" }));
        Assert.Equal(3, warnings.RootElement.GetProperty("entries").GetArrayLength());
        var entry = Assert.Single(byAttribute.RootElement.GetProperty("entries").EnumerateArray());
        Assert.Equal("worker-sourceB", entry.GetProperty("resource").GetString());
        Assert.Equal(SampleTelemetry.TraceId(7), entry.GetProperty("traceId").GetString());
    }

    [Fact]
    public async Task TracesAreListedWithTheirFilters()
    {
        using var byEvent = JsonDocument.Parse(await _client.GetStringAsync("/api/traces?attr=event_id%3Devt-0007-5b1c-4e0f-9a7d-000000000007", TestContext.Current.CancellationToken));
        using var errors = JsonDocument.Parse(await _client.GetStringAsync("/api/traces?errors=true", TestContext.Current.CancellationToken));
        using var unknown = await _client.GetAsync("/api/traces/0123456789abcdef0123456789abcdef", TestContext.Current.CancellationToken);

        var trace = Assert.Single(byEvent.RootElement.EnumerateArray());
        Assert.Equal(SampleTelemetry.TraceId(7), trace.GetProperty("traceId").GetString());
        Assert.Equal(1, trace.GetProperty("errorCount").GetInt32());
        Assert.Equal(2, errors.RootElement.GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task RecentEventsAreListedNewestFirst()
    {
        using var document = JsonDocument.Parse(await _client.GetStringAsync("/api/events?limit=3", TestContext.Current.CancellationToken));

        Assert.Equal(
            ["evt-0024-5b1c-4e0f-9a7d-000000000024", "evt-0023-5b1c-4e0f-9a7d-000000000023", "evt-0022-5b1c-4e0f-9a7d-000000000022"],
            document.RootElement.EnumerateArray().Select(e => e.GetProperty("eventId").GetString()));
    }

    [Theory]
    [InlineData("/resources", "resources.js")]
    [InlineData("/console", "console.js")]
    [InlineData("/logs", "logs.js")]
    [InlineData("/traces", "traces.js")]
    [InlineData("/traces/00000000000000000000000000000001", "trace.js")]
    [InlineData("/metrics", "metrics.js")]
    [InlineData("/journey", "journey.js")]
    [InlineData("/queues", "queues.js")]
    public async Task EveryPageRendersWithItsScriptAndStyles(string path, string script)
    {
        var html = await _client.GetStringAsync(path, TestContext.Current.CancellationToken);

        Assert.Contains($"<script src=\"/static/{script}\"></script>", html);
        Assert.Contains("aria-current=\"page\"", html);
        foreach (var asset in new[] { "site.css", "common.js", "waterfall.js", "theme.js", script })
        {
            using var response = await _client.GetAsync("/static/" + asset, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task TheTracePageEncodesTheTraceIdItShows()
    {
        var html = await _client.GetStringAsync("/traces/%3Cscript%3E", TestContext.Current.CancellationToken);

        Assert.DoesNotContain("<script>", html.Replace("<script src=", "", StringComparison.Ordinal));
        Assert.Contains("&lt;script&gt;", html);
    }
}
