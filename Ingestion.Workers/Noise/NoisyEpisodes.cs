namespace Ingestion.Workers.Noise;

/// <summary>Configuration section "Noise": when loud minutes make an episode.</summary>
internal sealed class NoisyEpisodeOptions
{
    public const string SectionName = "Noise";

    /// <summary>A minute is noisy when its mean is above this (dB).</summary>
    public double EpisodeThresholdDb { get; set; } = 70;

    /// <summary>Consecutive noisy minutes that make an episode.</summary>
    public int EpisodeMinutes { get; set; } = 3;

    /// <summary>An open episode with no noisy minute for this long is closed by the sweeper.</summary>
    public TimeSpan EpisodeCloseAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How far back and forward from a changed minute the run is looked for: 45 each way keeps
    /// the look-up one BatchGetItem (100 keys at most). Longer episodes are split.
    /// </summary>
    public const int LookAroundMinutes = 45;
}

/// <summary>One minute of a location's statistics, as far as episodes care.</summary>
internal sealed record MinuteSummary(DateTimeOffset Start, double MeanDb, double MaxDb);

/// <summary>A run of consecutive noisy minutes long enough to be an episode.</summary>
internal sealed record NoisyEpisode(DateTimeOffset Start, DateTimeOffset End, double PeakDb);

/// <summary>
/// Pure: given the minutes around one that just changed, is that minute part of an episode,
/// and which one (its first noisy minute, the end of its last, its peak)? Minutes without
/// readings count as quiet: sensors send nothing below their own threshold.
/// </summary>
internal static class NoisyEpisodes
{
    /// <summary>Whether the noisy run through <paramref name="minute"/> may go on beyond the minutes read (<paramref name="radius"/> each way).</summary>
    public static bool RunReachesEdge(DateTimeOffset minute, int radius, IReadOnlyCollection<MinuteSummary> minutes, NoisyEpisodeOptions options)
    {
        var noisy = minutes.Where(m => m.MeanDb > options.EpisodeThresholdDb).Select(m => m.Start).ToHashSet();
        var first = minute;
        while (noisy.Contains(first.AddMinutes(-1)))
        {
            first = first.AddMinutes(-1);
        }

        var last = minute;
        while (noisy.Contains(last.AddMinutes(1)))
        {
            last = last.AddMinutes(1);
        }

        return noisy.Contains(minute) && (first <= minute.AddMinutes(-radius) || last >= minute.AddMinutes(radius));
    }

    /// <summary>
    /// The episodes a change of <paramref name="minute"/> can touch: the runs through it and through
    /// its neighbours (a quiet minute may have split one run in two, a noisy one joined two).
    /// </summary>
    public static IReadOnlyList<NoisyEpisode> Touching(DateTimeOffset minute, IReadOnlyCollection<MinuteSummary> minutes, NoisyEpisodeOptions options) =>
        [.. new[] { minute.AddMinutes(-1), minute, minute.AddMinutes(1) }
            .Select(around => Around(around, minutes, options))
            .OfType<NoisyEpisode>()
            .DistinctBy(episode => episode.Start)];

    /// <summary>Whether a run through <paramref name="minute"/> or a neighbour may go on beyond the minutes read.</summary>
    public static bool AnyRunReachesEdge(DateTimeOffset minute, int radius, IReadOnlyCollection<MinuteSummary> minutes, NoisyEpisodeOptions options) =>
        new[] { minute.AddMinutes(-1), minute, minute.AddMinutes(1) }.Any(around => RunReachesEdge(around, radius - 1, minutes, options));

    public static NoisyEpisode? Around(DateTimeOffset minute, IReadOnlyCollection<MinuteSummary> minutes, NoisyEpisodeOptions options)
    {
        var noisy = minutes.Where(m => m.MeanDb > options.EpisodeThresholdDb).ToDictionary(m => m.Start);
        if (!noisy.ContainsKey(minute))
        {
            return null;
        }

        var first = minute;
        while (noisy.ContainsKey(first.AddMinutes(-1)))
        {
            first = first.AddMinutes(-1);
        }

        var last = minute;
        while (noisy.ContainsKey(last.AddMinutes(1)))
        {
            last = last.AddMinutes(1);
        }

        var length = (int)(last - first).TotalMinutes + 1;
        if (length < options.EpisodeMinutes)
        {
            return null;
        }

        var peak = Enumerable.Range(0, length).Select(i => noisy[first.AddMinutes(i)].MaxDb).Max();
        return new NoisyEpisode(first, last.AddMinutes(1), peak);
    }
}
