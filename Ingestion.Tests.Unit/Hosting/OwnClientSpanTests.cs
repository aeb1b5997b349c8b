using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Ingestion.Tests.Hosting;

/// <summary>
/// An HTTP call made under one of our own client spans (the SNS client's publish) exports no
/// HTTP span of its own: ours already names the call, and each span is a row the dashboard stores.
/// Any other HTTP call keeps its span.
/// </summary>
public sealed class OwnClientSpanTests
{
    private static readonly ActivitySource OwnSource = new("Ingestion.Tests.OwnClientSpans");

    [Fact]
    public async Task AnHttpCallUnderOurOwnClientSpanHasNoSpanOfItsOwn()
    {
        var exported = await ExportedHttpSpansAsync(ActivityKind.Client);

        Assert.Empty(exported);
    }

    [Fact]
    public async Task AnHttpCallUnderOurOwnProducerSpanHasNoSpanOfItsOwn()
    {
        var exported = await ExportedHttpSpansAsync(ActivityKind.Producer);

        Assert.Empty(exported);
    }

    [Fact]
    public async Task AnHttpCallUnderAnyOtherSpanKeepsItsSpan()
    {
        var exported = await ExportedHttpSpansAsync(ActivityKind.Internal);

        Assert.Single(exported);
    }

    /// <summary>The HTTP client spans exported for one request sent under a span of ours of the given kind.</summary>
    private static async Task<IReadOnlyList<Activity>> ExportedHttpSpansAsync(ActivityKind parentKind)
    {
        var recorder = new RecordingProcessor();
        var builder = Host.CreateApplicationBuilder();
        builder.AddServiceDefaults();
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor(recorder));
        using var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        ActivityTraceId traceId;
        using (var http = new HttpClient())
        using (var parent = OwnSource.StartActivity("call", parentKind))
        {
            Assert.NotNull(parent);
            traceId = parent.TraceId;
            // A closed loopback port: the request fails at once, but HttpClient has started (and ended) its activity.
            await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync($"http://127.0.0.1:{ClosedPort()}/", TestContext.Current.CancellationToken));
        }

        await host.StopAsync(TestContext.Current.CancellationToken);
        return [.. recorder.Ended.Where(span => span.TraceId == traceId && span.Kind == ActivityKind.Client && span.Source.Name == "System.Net.Http")];
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class RecordingProcessor : BaseProcessor<Activity>
    {
        public ConcurrentQueue<Activity> Ended { get; } = new();

        public override void OnEnd(Activity data)
        {
            if (data.Recorded)
            {
                Ended.Enqueue(data);
            }
        }
    }
}
