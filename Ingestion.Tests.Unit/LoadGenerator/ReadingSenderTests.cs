using System.Net;
using System.Text.Json.Nodes;
using Ingestion.LoadGenerator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Ingestion.Tests.LoadGenerator;

/// <summary>The sender against a stand-in API on loopback that accepts HydePark and rejects the rest.</summary>
public sealed class ReadingSenderTests : IAsyncLifetime
{
    private const string SenderKey = "noise-key-for-the-sender-test";
    private readonly List<JsonArray> _bodies = [];
    private WebApplication? _api;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _api = builder.Build();
        _api.MapPost("/sources/noise/events", async (HttpContext context) =>
        {
            if (context.Request.Headers["X-Api-Key"] != SenderKey)
            {
                return Results.StatusCode(401);
            }

            var body = (await JsonNode.ParseAsync(context.Request.Body))!.AsArray();
            lock (_bodies)
            {
                _bodies.Add(body);
            }

            return body.All(e => e!["body"]!["location"]!.GetValue<string>() == "HydePark") ? Results.StatusCode(202) : Results.StatusCode(400);
        });
        await _api.StartAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }
    }

    [Fact]
    public async Task AcceptedAndRejectedBatchesAreCountedAndBodiesAreReadingEvents()
    {
        using var http = new HttpClient { BaseAddress = new Uri(_api!.Urls.Single()) };
        var statistics = new LoadStatistics();
        var sender = new ReadingSender(http, SenderKey, statistics, alertThreshold: 85);
        var now = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

        await sender.SendAsync([new("HydePark", "s1", now, 90), new("HydePark", "s2", now, 60)], TestContext.Current.CancellationToken);
        await sender.SendAsync([new("Woodlawn", "s3", now, 70)], TestContext.Current.CancellationToken);

        Assert.Equal((3, 2, 1), (statistics.Sent, statistics.Accepted, statistics.LoudAccepted));
        Assert.Equal(1, statistics.RejectedByStatus[(int)HttpStatusCode.BadRequest]);
        var first = _bodies[0][0]!;
        Assert.Equal("READING", first["entity_name"]!.GetValue<string>());
        Assert.Equal("2026-11-24T12:00:00.000Z", first["body"]!["timestamp"]!.GetValue<string>());
        Assert.Equal(90, first["body"]!["db"]!.GetValue<double>());
        Assert.NotNull(statistics.Latency.Percentile(50));
    }

    [Fact]
    public async Task AnUnreachableApiCountsTransportErrors()
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Ingestion.Hosting.Emulators.LoopbackPorts.Free()}") };
        var statistics = new LoadStatistics();

        await new ReadingSender(http, SenderKey, statistics, 85).SendAsync([new("HydePark", "s1", DateTimeOffset.UtcNow, 50)], TestContext.Current.CancellationToken);

        Assert.Equal((1, 0), (statistics.TransportErrors, statistics.Accepted));
    }
}
