using Ingestion.AppHost.Telemetry.Model;

namespace Ingestion.AppHost.Telemetry.Storage;

/// <summary>One series' points; not thread-safe (the buffer's lock guards it).</summary>
internal sealed class MetricSeries(MetricIdentity instrument, string resource, IReadOnlyDictionary<string, string> attributes)
{
    private readonly Queue<MetricPoint> _points = new();
    private MetricPoint? _last;

    public MetricIdentity Instrument { get; private set; } = instrument;

    public string Resource { get; } = resource;

    public IReadOnlyDictionary<string, string> Attributes { get; } = attributes;

    public long LastUpdate { get; private set; }

    public static string KeyOf(MetricSample sample) =>
        string.Join('\u001f', [sample.Resource, sample.Instrument.Name, .. sample.Attributes.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}={pair.Value}")]);

    public void Add(MetricSample sample, int maxPoints, long update)
    {
        Instrument = sample.Instrument;
        LastUpdate = update;
        var point = sample.IsDelta && _last is not null ? Accumulate(_last, sample) : new MetricPoint(sample.Time, sample.Value, sample.Histogram);
        _points.Enqueue(point);
        _last = point;
        while (_points.Count > maxPoints)
        {
            _points.Dequeue();
        }
    }

    public MetricSeriesSnapshot Snapshot() => new(Instrument, Resource, Attributes, _points.ToList());

    private static MetricPoint Accumulate(MetricPoint last, MetricSample sample)
    {
        if (sample.Histogram is null || last.Histogram is null)
        {
            return new MetricPoint(sample.Time, last.Value + sample.Value, sample.Histogram);
        }

        var (previous, current) = (last.Histogram, sample.Histogram);
        var sameBuckets = previous.Bounds.SequenceEqual(current.Bounds) && previous.BucketCounts.Count == current.BucketCounts.Count;
        var buckets = sameBuckets
            ? current.BucketCounts.Select((count, index) => count + previous.BucketCounts[index]).ToList()
            : current.BucketCounts;
        var total = new HistogramValue(previous.Count + current.Count, previous.Sum + current.Sum, current.Bounds, buckets);
        return new MetricPoint(sample.Time, total.Count, total);
    }
}
