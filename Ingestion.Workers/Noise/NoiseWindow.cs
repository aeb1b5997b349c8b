using System.Globalization;

namespace Ingestion.Workers.Noise;

/// <summary>
/// Per-location 1-minute statistics, pure: the window a reading belongs to (by its own
/// timestamp, not arrival time) and the numbers of a window.
/// </summary>
internal static class NoiseWindow
{
    public static DateTimeOffset StartOf(DateTimeOffset timestamp)
    {
        var utc = timestamp.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, 0, TimeSpan.Zero);
    }

    public static string ItemId(string location, DateTimeOffset windowStart) => Ingestion.Messaging.Entities.ItemKeys.NoiseStatistics(location, windowStart);

    public static WindowStatistics Compute(IReadOnlyCollection<double> decibels)
    {
        if (decibels.Count == 0)
        {
            throw new ArgumentException("A window has at least one reading.", nameof(decibels));
        }

        var sorted = decibels.Order().ToArray();
        return new WindowStatistics(sorted.Length, sorted[^1], Math.Round(sorted.Average(), 2), NearestRank(sorted, 95));
    }

    /// <summary>Nearest rank: the smallest value with at least <paramref name="percent"/>% of the values at or below it.</summary>
    public static double NearestRank(double[] sorted, double percent) =>
        sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * sorted.Length), 1, sorted.Length) - 1];
}

internal sealed record WindowStatistics(int Count, double MaxDb, double MeanDb, double P95Db);
