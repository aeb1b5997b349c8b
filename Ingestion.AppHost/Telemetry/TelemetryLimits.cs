namespace Ingestion.AppHost.Telemetry;

/// <summary>
/// What the in-memory telemetry store keeps (configuration section <c>Dashboard:Telemetry</c>).
/// Past each bound the oldest goes first, so a long session never grows without limit.
/// </summary>
public sealed class TelemetryLimits
{
    /// <summary>Traces kept; the trace first seen longest ago is evicted first.</summary>
    public int MaxTraces { get; set; } = 10_000;

    /// <summary>Spans kept per trace; later spans of a runaway trace are dropped (and counted).</summary>
    public int MaxSpansPerTrace { get; set; } = 1_000;

    /// <summary>Spans kept over all traces: past it whole traces go, oldest first, as for <see cref="MaxTraces"/>.</summary>
    public int MaxSpans { get; set; } = 200_000;

    /// <summary>Structured log records kept, oldest evicted first.</summary>
    public int MaxLogs { get; set; } = 50_000;

    /// <summary>Distinct metric series (resource, instrument, attributes); the least recently updated goes first.</summary>
    public int MaxMetricSeries { get; set; } = 5_000;

    /// <summary>Points kept per metric series, oldest evicted first.</summary>
    public int MaxPointsPerSeries { get; set; } = 1_000;

    /// <summary>Longer attribute values and log messages are cut to this many characters.</summary>
    public int MaxValueLength { get; set; } = 8_192;

    /// <summary>When set, received OTLP payloads are appended here and replayed on the next start.</summary>
    public string? PersistDirectory { get; set; }

    /// <summary>Upper bound of the persisted files together; the oldest segment is deleted first.</summary>
    public long MaxPersistBytes { get; set; } = 64L * 1024 * 1024;

    public IEnumerable<string> Validate()
    {
        if (MaxTraces < 1 || MaxSpansPerTrace < 1 || MaxSpans < 1 || MaxLogs < 1 || MaxMetricSeries < 1 || MaxPointsPerSeries < 2)
        {
            yield return "Dashboard:Telemetry limits must be positive (MaxPointsPerSeries at least 2).";
        }

        if (MaxValueLength < 64)
        {
            yield return "Dashboard:Telemetry:MaxValueLength must be at least 64.";
        }

        if (PersistDirectory is not null && MaxPersistBytes < 1024 * 1024)
        {
            yield return "Dashboard:Telemetry:MaxPersistBytes must be at least 1 MiB.";
        }
    }
}
