namespace Ingestion.AppHost.Telemetry.Model;

/// <summary>One data point as received, before it joins its series.</summary>
/// <param name="IsDelta">Delta temporality: the store accumulates it into a running total.</param>
public sealed record MetricSample(
    MetricIdentity Instrument,
    string Resource,
    IReadOnlyDictionary<string, string> Attributes,
    DateTimeOffset Time,
    double Value,
    HistogramValue? Histogram,
    bool IsDelta);

/// <summary>What names an instrument across resources.</summary>
public sealed record MetricIdentity(string Name, string Unit, string Description, MetricKind Kind);

/// <summary>Count, sum and (for explicit-bucket histograms) the bucket counts, as totals since start.</summary>
public sealed record HistogramValue(ulong Count, double Sum, IReadOnlyList<double> Bounds, IReadOnlyList<ulong> BucketCounts);

public sealed record MetricPoint(DateTimeOffset Time, double Value, HistogramValue? Histogram);

public enum MetricKind
{
    Gauge,
    Counter,
    UpDownCounter,
    Histogram,
}
