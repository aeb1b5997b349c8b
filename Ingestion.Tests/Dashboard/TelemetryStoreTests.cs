using Ingestion.AppHost.Telemetry;
using Ingestion.AppHost.Telemetry.Model;
using Ingestion.AppHost.Telemetry.Storage;

namespace Ingestion.Tests.Dashboard;

public sealed class TelemetryStoreTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 11, 40, 0, TimeSpan.Zero);

    [Fact]
    public void OldestTracesAreEvictedPastTheLimit()
    {
        var store = new TelemetryStore(new TelemetryLimits { MaxTraces = 3 });
        for (var n = 1; n <= 5; n++)
        {
            store.AddSpans([Root(n)]);
        }

        Assert.Equal(3, store.Traces.Count);
        Assert.Null(store.Traces.GetTrace(SampleTelemetry.TraceId(1)));
        Assert.Null(store.Traces.GetTrace(SampleTelemetry.TraceId(2)));
        Assert.Equal([5, 4, 3], store.Traces.Query(new TraceQuery()).Select(trace => Convert.ToInt32(trace.TraceId, 16)));
    }

    [Fact]
    public void SpansPastTheTraceLimitAreDroppedAndCounted()
    {
        var store = new TelemetryStore(new TelemetryLimits { MaxSpansPerTrace = 2 });
        var traceId = SampleTelemetry.TraceId(1);
        store.AddSpans([Root(1), Child(1, 2), Child(1, 3)]);

        Assert.Equal(2, store.Traces.GetTrace(traceId)!.Count);
        Assert.Equal(1, store.Traces.DroppedSpans);
    }

    [Fact]
    public void OldestTracesAreEvictedPastTheTotalSpanLimit()
    {
        var store = new TelemetryStore(new TelemetryLimits { MaxSpans = 5 });
        store.AddSpans([Root(1), Child(1, 2)]);
        store.AddSpans([Root(2), Child(2, 2)]);
        store.AddSpans([Root(3), Child(3, 2)]);

        Assert.Null(store.Traces.GetTrace(SampleTelemetry.TraceId(1)));
        Assert.NotNull(store.Traces.GetTrace(SampleTelemetry.TraceId(3)));
        Assert.Equal(4, store.Traces.SpanCount);
    }

    [Fact]
    public void ASpanReceivedTwiceIsKeptOnce()
    {
        var store = new TelemetryStore(new TelemetryLimits());
        store.AddSpans([Root(1), Child(1, 2)]);
        store.AddSpans([Child(1, 2)]);

        Assert.Equal(2, store.Traces.GetTrace(SampleTelemetry.TraceId(1))!.Count);
    }

    [Fact]
    public void OldestLogsAreEvictedPastTheLimit()
    {
        var store = new TelemetryStore(new TelemetryLimits { MaxLogs = 3 });
        for (var n = 1; n <= 5; n++)
        {
            store.AddLogs([SampleTelemetry.Log("api", LogSeverity.Information, $"line {n}", Start.AddSeconds(n))]);
        }

        var kept = store.Logs.Query(new LogQuery());
        Assert.Equal(["line 5", "line 4", "line 3"], kept.Select(entry => entry.Message));
        Assert.Equal([5L, 4L, 3L], kept.Select(entry => entry.Sequence));
    }

    [Fact]
    public void OldestMetricPointsAreEvictedPastTheSeriesLimit()
    {
        var store = new TelemetryStore(new TelemetryLimits { MaxPointsPerSeries = 3 });
        var gauge = new MetricIdentity("ingestion.queue.messages", "{message}", "", MetricKind.Gauge);
        store.AddMetrics(Enumerable.Range(1, 5).Select(n => new MetricSample(gauge, "dashboard", new Dictionary<string, string>(), Start.AddSeconds(n), n, null, false)).ToList());

        Assert.Equal([3.0, 4.0, 5.0], store.Metrics.GetSeries("ingestion.queue.messages").Single().Points.Select(point => point.Value));
    }

    [Fact]
    public void TheLeastRecentlyUpdatedSeriesIsEvictedPastTheSeriesCountLimit()
    {
        var store = new TelemetryStore(new TelemetryLimits { MaxMetricSeries = 2 });
        var gauge = new MetricIdentity("depth", "", "", MetricKind.Gauge);
        MetricSample Sample(string queue, int second) => new(gauge, "dashboard", new Dictionary<string, string> { ["queue"] = queue }, Start.AddSeconds(second), 1, null, false);
        store.AddMetrics([Sample("a", 1), Sample("b", 2)]);
        store.AddMetrics([Sample("a", 3)]);
        store.AddMetrics([Sample("c", 4)]);

        Assert.Equal(["a", "c"], store.Metrics.GetSeries("depth").Select(series => series.Attributes["queue"]).Order());
    }

    [Fact]
    public void DeltaCountersAreKeptAsRunningTotals()
    {
        var store = new TelemetryStore(new TelemetryLimits());
        var counter = new MetricIdentity("ingestion.api.events.accepted", "{event}", "", MetricKind.Counter);
        store.AddMetrics(new[] { 1, 2, 3 }.Select(n => new MetricSample(counter, "api", new Dictionary<string, string>(), Start.AddSeconds(n), n, null, IsDelta: true)).ToList());

        Assert.Equal([1.0, 3.0, 6.0], store.Metrics.GetSeries(counter.Name).Single().Points.Select(point => point.Value));
    }

    [Fact]
    public void TracesAreFoundByResourceNameAndAttribute()
    {
        var store = new TelemetryStore(new TelemetryLimits());
        store.AddSpans(SampleTelemetry.Event(1, "evt-1", Start, source: "sourceA"));
        store.AddSpans(SampleTelemetry.Event(2, "evt-2", Start.AddSeconds(1), source: "sourceB"));

        Assert.Equal(SampleTelemetry.TraceId(2), Assert.Single(store.Traces.Query(new TraceQuery(Attribute: "event_id=evt-2"))).TraceId);
        Assert.Equal(SampleTelemetry.TraceId(1), Assert.Single(store.Traces.Query(new TraceQuery(Resource: "worker-sourceA"))).TraceId);
        Assert.Equal(2, store.Traces.Query(new TraceQuery(Name: "putitem")).Count);
        Assert.Empty(store.Traces.Query(new TraceQuery(Attribute: "event_id=evt-3")));
        var summary = store.Traces.Query(new TraceQuery(Attribute: "event_id=evt-1")).Single();
        Assert.Equal("POST /sources/{source}/events", summary.Name);
        Assert.Equal(["api", "worker-sourceA"], summary.Resources);
        Assert.Equal(6, summary.SpanCount);
    }

    [Fact]
    public void ListenersHearWhichKindOfTelemetryChanged()
    {
        var store = new TelemetryStore(new TelemetryLimits());
        var heard = new List<TelemetryKinds>();
        store.Changed += heard.Add;
        store.AddSpans([Root(1)]);
        store.AddLogs([SampleTelemetry.Log("api", LogSeverity.Error, "x", Start)]);
        store.AddSpans([]);

        Assert.Equal([TelemetryKinds.Traces, TelemetryKinds.Logs], heard);
    }

    private static SpanData Root(int n) =>
        SampleTelemetry.Span(SampleTelemetry.TraceId(n), SampleTelemetry.SpanId(n, 1), null, "api", "POST", SpanKind.Server, Start.AddSeconds(n), 5);

    private static SpanData Child(int n, int child) =>
        SampleTelemetry.Span(SampleTelemetry.TraceId(n), SampleTelemetry.SpanId(n, child), SampleTelemetry.SpanId(n, 1), "api", "child", SpanKind.Internal, Start.AddSeconds(n), 1);
}
