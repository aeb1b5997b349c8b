using System.Globalization;
using Amazon.DynamoDBv2.Model;

namespace Ingestion.Workers.Noise;

/// <summary>
/// A minute's readings as a histogram in tenths of a decibel (<c>H_0853</c> = readings of 85.3 dB),
/// next to COUNT, SUM_DB and MAX_DB: a window item stays under about 20 KB however many readings
/// it has (0–194 dB is at most 1,941 bins; a real minute fills a few hundred), so each update costs
/// the same. P95 is the nearest rank over the bins, exact to 0.1 dB.
/// </summary>
internal static class WindowHistogram
{
    public const string BinPrefix = "H_";

    public static string BinOf(double db) =>
        BinPrefix + ((int)Math.Floor((db * 10) + 1e-9)).ToString("D4", CultureInfo.InvariantCulture);

    public static WindowStatistics Statistics(IReadOnlyDictionary<string, AttributeValue> window)
    {
        var bins = window
            .Where(pair => pair.Key.StartsWith(BinPrefix, StringComparison.Ordinal))
            .Select(pair => (Tenths: int.Parse(pair.Key[BinPrefix.Length..], CultureInfo.InvariantCulture), Count: long.Parse(pair.Value.N, CultureInfo.InvariantCulture)))
            .Where(bin => bin.Count > 0)
            .OrderBy(bin => bin.Tenths)
            .ToList();
        var count = bins.Sum(bin => bin.Count);
        var rank = Math.Clamp((long)Math.Ceiling(0.95 * count), 1, count);
        var p95 = bins.First(bin => (rank -= bin.Count) <= 0).Tenths / 10.0;
        var sum = decimal.Parse(window["SUM_DB"].N, CultureInfo.InvariantCulture);
        var max = double.Parse(window["MAX_DB"].N, CultureInfo.InvariantCulture);
        return new WindowStatistics((int)count, max, Math.Round((double)(sum / count), 2), p95);
    }
}
