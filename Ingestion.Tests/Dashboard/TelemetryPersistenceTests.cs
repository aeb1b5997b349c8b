using System.Diagnostics;
using Ingestion.AppHost.Telemetry.Storage;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Ingestion.Tests.Dashboard;

public sealed class TelemetryPersistenceTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ingestion-telemetry-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task TracesSurviveARestartWhenPersistenceIsOn()
    {
        string traceId;
        await using (var first = await TestDashboards.StartAsync(TestDashboards.FreePorts(persistDirectory: _directory)))
        {
            traceId = ExportOneSpan(first.OtlpHttpUrl);
            await TestDashboards.EventuallyAsync(() => first.Telemetry.Traces.GetTrace(traceId), "the span in the first run");
        }

        await using var second = await TestDashboards.StartAsync(TestDashboards.FreePorts(persistDirectory: _directory));

        var span = Assert.Single(second.Telemetry.Traces.GetTrace(traceId)!);
        Assert.Equal("worker-sourceA", span.Resource);
        Assert.Equal("persisted", span.Name);
    }

    [Fact]
    public async Task NothingIsKeptAcrossARestartWhenPersistenceIsOff()
    {
        string traceId;
        await using (var first = await TestDashboards.StartAsync(TestDashboards.FreePorts()))
        {
            traceId = ExportOneSpan(first.OtlpHttpUrl);
            await TestDashboards.EventuallyAsync(() => first.Telemetry.Traces.GetTrace(traceId), "the span");
        }

        await using var second = await TestDashboards.StartAsync(TestDashboards.FreePorts());

        Assert.Null(second.Telemetry.Traces.GetTrace(traceId));
    }

    [Fact]
    public void TheFileStoreStaysWithinItsSizeByDroppingTheOldestSegments()
    {
        const long maxBytes = 1024 * 1024;
        var payload = new byte[50_000];
        using (var files = new TelemetryFileStore(_directory, maxBytes))
        {
            for (var n = 0; n < 60; n++)
            {
                payload[0] = (byte)n;
                files.Append(TelemetrySignal.Logs, payload);
            }

            Assert.True(files.TotalBytes <= maxBytes, $"{files.TotalBytes} bytes on disk");
        }

        using var reopened = new TelemetryFileStore(_directory, maxBytes);
        var firsts = reopened.ReadAll().Select(record => (int)record.Payload[0]).ToList();
        Assert.Equal(59, firsts[^1]);
        Assert.True(firsts[0] > 0, "the oldest payloads were dropped");
        Assert.Equal(Enumerable.Range(firsts[0], firsts.Count), firsts);
    }

    [Fact]
    public void ATornRecordAtTheEndIsIgnored()
    {
        using (var files = new TelemetryFileStore(_directory, 1024 * 1024))
        {
            files.Append(TelemetrySignal.Traces, [1, 2, 3]);
        }

        var segment = Directory.GetFiles(_directory).Single();
        File.AppendAllBytes(segment, [(byte)TelemetrySignal.Traces, 200, 0, 0, 0, 9, 9]);

        using var reopened = new TelemetryFileStore(_directory, 1024 * 1024);
        var record = Assert.Single(reopened.ReadAll());
        Assert.Equal([1, 2, 3], record.Payload);
    }

    private static string ExportOneSpan(Uri otlpHttpUrl)
    {
        var sourceName = "Ingestion.Tests.Persistence." + Guid.NewGuid().ToString("N");
        using var source = new ActivitySource(sourceName);
        using var tracing = Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("worker-sourceA"))
            .AddSource(sourceName)
            .AddOtlpExporter(options =>
            {
                options.Protocol = OtlpExportProtocol.HttpProtobuf;
                options.Endpoint = new Uri(otlpHttpUrl, "v1/traces");
                options.ExportProcessorType = ExportProcessorType.Simple;
            })
            .Build();
        string traceId;
        using (var activity = source.StartActivity("persisted")!)
        {
            traceId = activity.TraceId.ToHexString();
        }

        Assert.True(tracing.ForceFlush(10_000));
        return traceId;
    }
}
