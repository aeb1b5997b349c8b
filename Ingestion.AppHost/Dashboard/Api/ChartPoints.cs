using Ingestion.AppHost.Telemetry.Model;
using Ingestion.AppHost.Telemetry.Storage;

namespace Ingestion.AppHost.Dashboard.Api;

/// <summary>One point of a chart: the value, and for histograms the interval's count and p95.</summary>
internal sealed record ChartPoint(DateTimeOffset Time, double Value, double? Count = null, double? P95 = null);

internal static class ChartPoints
{
    public static IReadOnlyList<ChartPoint> From(MetricSeriesSnapshot series)
    {
        if (series.Instrument.Kind != MetricKind.Histogram)
        {
            return series.Points.Select(point => new ChartPoint(point.Time, point.Value)).ToList();
        }

        var chart = new List<ChartPoint>(series.Points.Count);
        HistogramValue? previous = null;
        foreach (var point in series.Points.Where(point => point.Histogram is not null))
        {
            var current = point.Histogram!;
            // A smaller count than before means the process restarted: that point is its own interval.
            var interval = previous is null || current.Count < previous.Count ? current : Subtract(current, previous);
            previous = current;
            if (interval.Count > 0)
            {
                chart.Add(new ChartPoint(point.Time, interval.Sum / interval.Count, interval.Count, Percentile(interval, 0.95)));
            }
        }

        return chart;
    }

    private static HistogramValue Subtract(HistogramValue current, HistogramValue previous)
    {
        var buckets = current.BucketCounts.Count == previous.BucketCounts.Count && current.Bounds.SequenceEqual(previous.Bounds)
            ? current.BucketCounts.Select((count, index) => count >= previous.BucketCounts[index] ? count - previous.BucketCounts[index] : count).ToList()
            : current.BucketCounts;
        return new HistogramValue(current.Count - previous.Count, current.Sum - previous.Sum, current.Bounds, buckets);
    }

    // Linear interpolation inside the bucket that holds the rank, as Prometheus' histogram_quantile does.
    private static double? Percentile(HistogramValue histogram, double quantile)
    {
        if (histogram.Bounds.Count == 0 || histogram.BucketCounts.Count != histogram.Bounds.Count + 1)
        {
            return null;
        }

        var rank = quantile * histogram.Count;
        ulong seen = 0;
        for (var index = 0; index < histogram.BucketCounts.Count; index++)
        {
            var inBucket = histogram.BucketCounts[index];
            if (seen + inBucket >= rank && inBucket > 0)
            {
                if (index == histogram.Bounds.Count)
                {
                    return histogram.Bounds[^1];
                }

                var lower = index == 0 ? Math.Min(0, histogram.Bounds[0]) : histogram.Bounds[index - 1];
                var upper = histogram.Bounds[index];
                return lower + ((upper - lower) * (rank - seen) / inBucket);
            }

            seen += inBucket;
        }

        return histogram.Bounds[^1];
    }
}
