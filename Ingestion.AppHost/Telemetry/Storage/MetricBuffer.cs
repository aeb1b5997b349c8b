using Ingestion.AppHost.Telemetry.Model;

namespace Ingestion.AppHost.Telemetry.Storage;

/// <summary>
/// Metric series (resource × instrument × attributes), each at most
/// <see cref="TelemetryLimits.MaxPointsPerSeries"/> points (oldest evicted first); at most
/// <see cref="TelemetryLimits.MaxMetricSeries"/> series (least recently updated evicted first).
/// Delta points are accumulated, so every series holds running totals like cumulative exporters send.
/// </summary>
public sealed class MetricBuffer
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, MetricSeries> _series = new(StringComparer.Ordinal);
    private readonly TelemetryLimits _limits;
    private long _updates;

    internal MetricBuffer(TelemetryLimits limits) => _limits = limits;

    public int SeriesCount
    {
        get
        {
            lock (_gate)
            {
                return _series.Count;
            }
        }
    }

    internal void Add(IEnumerable<MetricSample> samples)
    {
        lock (_gate)
        {
            foreach (var sample in samples)
            {
                var key = MetricSeries.KeyOf(sample);
                if (!_series.TryGetValue(key, out var series))
                {
                    series = new MetricSeries(sample.Instrument, sample.Resource, sample.Attributes);
                    _series[key] = series;
                }

                series.Add(sample, _limits.MaxPointsPerSeries, ++_updates);
            }

            while (_series.Count > _limits.MaxMetricSeries)
            {
                var stalest = _series.MinBy(pair => pair.Value.LastUpdate).Key;
                _series.Remove(stalest);
            }
        }
    }

    /// <summary>One entry per instrument name, with the resources that report it.</summary>
    public IReadOnlyList<MetricInstrument> ListInstruments()
    {
        lock (_gate)
        {
            return _series.Values
                .GroupBy(series => series.Instrument.Name, StringComparer.Ordinal)
                .Select(group => new MetricInstrument(
                    group.First().Instrument,
                    group.Select(series => series.Resource).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
                    group.Count()))
                .OrderBy(instrument => instrument.Instrument.Name, StringComparer.Ordinal)
                .ToList();
        }
    }

    /// <summary>Every series of an instrument (optionally of one resource), with a copy of its points.</summary>
    public IReadOnlyList<MetricSeriesSnapshot> GetSeries(string name, string? resource = null)
    {
        lock (_gate)
        {
            return _series.Values
                .Where(series => string.Equals(series.Instrument.Name, name, StringComparison.Ordinal))
                .Where(series => string.IsNullOrEmpty(resource) || string.Equals(series.Resource, resource, StringComparison.OrdinalIgnoreCase))
                .Select(series => series.Snapshot())
                .ToList();
        }
    }
}

public sealed record MetricInstrument(MetricIdentity Instrument, IReadOnlyList<string> Resources, int SeriesCount);

public sealed record MetricSeriesSnapshot(
    MetricIdentity Instrument,
    string Resource,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyList<MetricPoint> Points);
