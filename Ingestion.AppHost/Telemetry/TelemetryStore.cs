using Ingestion.AppHost.Telemetry.Model;
using Ingestion.AppHost.Telemetry.Storage;

namespace Ingestion.AppHost.Telemetry;

/// <summary>
/// Everything the OTLP receivers got, in memory and bounded by <see cref="TelemetryLimits"/>.
/// Thread-safe. <see cref="Changed"/> fires after each batch, outside any lock, so listeners
/// (the dashboard's live updates) may query the store from the handler.
/// </summary>
public sealed class TelemetryStore
{
    public TelemetryStore(TelemetryLimits limits)
    {
        Limits = limits;
        Traces = new TraceBuffer(limits);
        Logs = new LogBuffer(limits);
        Metrics = new MetricBuffer(limits);
    }

    public event Action<TelemetryKinds>? Changed;

    public TelemetryLimits Limits { get; }

    public TraceBuffer Traces { get; }

    public LogBuffer Logs { get; }

    public MetricBuffer Metrics { get; }

    public void AddSpans(IReadOnlyCollection<SpanData> spans)
    {
        if (spans.Count > 0)
        {
            Traces.Add(spans);
            Changed?.Invoke(TelemetryKinds.Traces);
        }
    }

    public void AddLogs(IReadOnlyCollection<LogEntry> entries)
    {
        if (entries.Count > 0)
        {
            Logs.Add(entries);
            Changed?.Invoke(TelemetryKinds.Logs);
        }
    }

    public void AddMetrics(IReadOnlyCollection<MetricSample> samples)
    {
        if (samples.Count > 0)
        {
            Metrics.Add(samples);
            Changed?.Invoke(TelemetryKinds.Metrics);
        }
    }
}

[Flags]
public enum TelemetryKinds
{
    None = 0,
    Traces = 1,
    Logs = 2,
    Metrics = 4,
}
