using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Ingestion.AppHost.Dashboard;
using Ingestion.AppHost.Telemetry.Model;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using SpanKind = Ingestion.AppHost.Telemetry.Model.SpanKind;

namespace Ingestion.Tests.Dashboard;

/// <summary>Real OpenTelemetry OTLP exporters, over gRPC and HTTP/protobuf, into the AppHost's receivers.</summary>
public sealed class OtlpReceiverTests : IAsyncLifetime
{
    private RunningDashboard _dashboard = null!;

    public async ValueTask InitializeAsync() => _dashboard = await TestDashboards.StartAsync(TestDashboards.FreePorts());

    public ValueTask DisposeAsync() => _dashboard.DisposeAsync();

    [Theory]
    [InlineData(OtlpExportProtocol.Grpc)]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    public async Task SpansExportedOverOtlpBecomeOneTraceWithThePinnedApiShape(OtlpExportProtocol protocol)
    {
        var sourceName = $"Ingestion.Tests.Otlp.Traces.{protocol}";
        using var source = new ActivitySource(sourceName);
        using var tracing = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("api"))
            .AddSource(sourceName)
            .AddOtlpExporter(options => Configure(options, protocol, "traces"))
            .Build();

        string traceId;
        string parentSpanId;
        using (var server = source.StartActivity("POST /sources/{source}/events", ActivityKind.Server)!)
        {
            server.SetTag("event_id", "evt-otlp-1");
            server.SetTag("http.response.status_code", 202);
            traceId = server.TraceId.ToHexString();
            parentSpanId = server.SpanId.ToHexString();
            using var create = source.StartActivity("create data-ingestion.fifo", ActivityKind.Producer)!;
            create.SetTag("messaging.system", "aws_sns");
            create.AddEvent(new ActivityEvent("exception", tags: new ActivityTagsCollection { ["exception.message"] = "boom" }));
            create.SetStatus(ActivityStatusCode.Error, "boom");
        }

        Assert.True(tracing.ForceFlush(10_000));
        var spans = await TestDashboards.EventuallyAsync(() => _dashboard.Telemetry.Traces.GetTrace(traceId) is { Count: 2 } all ? all : null, "both spans");
        Assert.All(spans, span => Assert.Equal("api", span.Resource));
        var failed = Assert.Single(spans, span => span.Status == SpanStatus.Error);
        Assert.Equal(SpanKind.Producer, failed.Kind);
        Assert.Equal("boom", failed.StatusMessage);
        Assert.Equal(parentSpanId, failed.ParentSpanId);
        Assert.Equal("boom", Assert.Single(failed.Events).Attributes["exception.message"]);

        using var client = _dashboard.Client();
        using var document = JsonDocument.Parse(await client.GetStringAsync($"/api/traces/{traceId}", TestContext.Current.CancellationToken));
        Assert.Equal(traceId, document.RootElement.GetProperty("traceId").GetString());
        var root = document.RootElement.GetProperty("spans").EnumerateArray().First();
        string[] pinned = ["spanId", "parentSpanId", "resource", "name", "kind", "start", "durationMs", "status", "attributes"];
        Assert.Equal(pinned, root.EnumerateObject().Select(property => property.Name).Take(pinned.Length));
        Assert.Equal(JsonValueKind.Null, root.GetProperty("parentSpanId").ValueKind);
        Assert.Equal("Server", root.GetProperty("kind").GetString());
        Assert.Equal("api", root.GetProperty("resource").GetString());
        Assert.Equal("evt-otlp-1", root.GetProperty("attributes").GetProperty("event_id").GetString());
        Assert.Equal("202", root.GetProperty("attributes").GetProperty("http.response.status_code").GetString());
        Assert.True(root.GetProperty("durationMs").GetDouble() >= 0);
        Assert.True(DateTimeOffset.TryParse(root.GetProperty("start").GetString(), out _));
    }

    [Theory]
    [InlineData(OtlpExportProtocol.Grpc)]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    public async Task LogsExportedOverOtlpKeepLevelMessageScopeAndTraceId(OtlpExportProtocol protocol)
    {
        var eventId = $"evt-log-{protocol}";
        var sourceName = $"Ingestion.Tests.Otlp.Logs.{protocol}";
        using var source = new ActivitySource(sourceName);
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(sourceName).Build();
        string traceId;
        using (var logging = LoggerFactory.Create(builder => builder.AddOpenTelemetry(options =>
        {
            options.SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("worker-sourceA"));
            options.IncludeFormattedMessage = true;
            options.IncludeScopes = true;
            options.AddOtlpExporter(exporter => Configure(exporter, protocol, "logs"));
        })))
        {
            var logger = logging.CreateLogger("Ingestion.Workers.Test");
            using var activity = source.StartActivity("process sourceA-queue.fifo")!;
            traceId = activity.TraceId.ToHexString();
            using (logger.BeginScope(new Dictionary<string, object> { ["event_id"] = eventId }))
            {
                logger.LogError("Message {MessageId} failed: {Reason}", "m-1", "schema mismatch");
            }
        }

        var entry = await TestDashboards.EventuallyAsync(
            () => _dashboard.Telemetry.Logs.Query(new(Attribute: $"event_id={eventId}")).FirstOrDefault(), "the log record");
        Assert.Equal(LogSeverity.Error, entry.Severity);
        Assert.Equal("Message m-1 failed: schema mismatch", entry.Message);
        Assert.Equal("worker-sourceA", entry.Resource);
        Assert.Equal("Ingestion.Workers.Test", entry.Scope);
        Assert.Equal(traceId, entry.TraceId);
        Assert.Equal("m-1", entry.Attributes["MessageId"]);
    }

    [Theory]
    [InlineData(OtlpExportProtocol.Grpc)]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    public async Task MetricsExportedOverOtlpBecomeChartableSeries(OtlpExportProtocol protocol)
    {
        var meterName = $"Ingestion.Tests.Otlp.Metrics.{protocol}";
        var counterName = $"ingestion.test.accepted.{protocol}".ToLowerInvariant();
        var histogramName = $"ingestion.test.duration.{protocol}".ToLowerInvariant();
        using var meter = new Meter(meterName);
        using var metrics = Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("api"))
            .AddMeter(meterName)
            .AddOtlpExporter((exporter, _) => Configure(exporter, protocol, "metrics"))
            .Build();
        var counter = meter.CreateCounter<long>(counterName, "{event}");
        var histogram = meter.CreateHistogram<double>(histogramName, "s");
        counter.Add(3, new KeyValuePair<string, object?>("source", "sourceA"));
        histogram.Record(0.02);
        histogram.Record(0.04);
        Assert.True(metrics.ForceFlush(10_000));

        var series = await TestDashboards.EventuallyAsync(() => _dashboard.Telemetry.Metrics.GetSeries(counterName) is { Count: 1 } all ? all[0] : null, "the counter");
        Assert.Equal(MetricKind.Counter, series.Instrument.Kind);
        Assert.Equal("{event}", series.Instrument.Unit);
        Assert.Equal("sourceA", series.Attributes["source"]);
        Assert.Equal(3, series.Points[^1].Value);

        using var client = _dashboard.Client();
        using var document = JsonDocument.Parse(await client.GetStringAsync($"/api/metrics/{histogramName}", TestContext.Current.CancellationToken));
        Assert.Equal("Histogram", document.RootElement.GetProperty("kind").GetString());
        var point = document.RootElement.GetProperty("series")[0].GetProperty("points")[0];
        Assert.Equal(0.03, point.GetProperty("value").GetDouble(), precision: 6);
        Assert.Equal(2, point.GetProperty("count").GetDouble());
    }

    [Fact]
    public async Task OtlpJsonWithHexIdsIsAccepted()
    {
        const string traceId = "5b8efff798038103d269b633813fc60c";
        var json = $$$"""
            {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"api"}}]},
              "scopeSpans":[{"scope":{"name":"curl"},"spans":[{"traceId":"{{{traceId}}}","spanId":"eee19b7ec3c1b174","name":"from json",
                "kind":2,"startTimeUnixNano":"1544712660000000000","endTimeUnixNano":"1544712661000000000",
                "attributes":[{"key":"event_id","value":{"stringValue":"evt-json"}}]}]}]}]}
            """;
        using var http = new HttpClient { BaseAddress = _dashboard.OtlpHttpUrl };

        using var response = await http.PostAsync("/v1/traces", new StringContent(json, System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        response.EnsureSuccessStatusCode();
        var span = Assert.Single(_dashboard.Telemetry.Traces.GetTrace(traceId)!);
        Assert.Equal("eee19b7ec3c1b174", span.SpanId);
        Assert.Equal(SpanKind.Server, span.Kind);
        Assert.Equal(1000, span.DurationMs);
        Assert.Equal("evt-json", span.Attributes["event_id"]);
    }

    [Fact]
    public async Task OtherContentTypesAreRefused()
    {
        using var http = new HttpClient { BaseAddress = _dashboard.OtlpHttpUrl };

        using var response = await http.PostAsync("/v1/logs", new StringContent("hello"), TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    private void Configure(OtlpExporterOptions options, OtlpExportProtocol protocol, string signal)
    {
        options.Protocol = protocol;
        // Set in code, the endpoint is used as it is: the HTTP exporter needs the signal's path.
        options.Endpoint = protocol == OtlpExportProtocol.Grpc ? _dashboard.OtlpGrpcUrl : new Uri(_dashboard.OtlpHttpUrl, $"v1/{signal}");
        options.ExportProcessorType = ExportProcessorType.Simple;
    }
}
