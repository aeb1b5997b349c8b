namespace Ingestion.Benchmarks.Measurement;

/// <summary>Nearest-rank percentiles (the smallest value with at least p% of the values at or below it).</summary>
internal static class Percentiles
{
    public static double Of(IReadOnlyList<double> sortedValues, double percentile)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(percentile);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100);
        if (sortedValues.Count == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(percentile / 100 * sortedValues.Count);
        return sortedValues[Math.Clamp(rank, 1, sortedValues.Count) - 1];
    }

    public static LatencySummary Summarise(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return new LatencySummary(sorted.Count, Of(sorted, 50), Of(sorted, 95), Of(sorted, 99), sorted.Count == 0 ? double.NaN : sorted[^1]);
    }
}

/// <summary>Milliseconds.</summary>
internal sealed record LatencySummary(int Count, double P50, double P95, double P99, double Max);
