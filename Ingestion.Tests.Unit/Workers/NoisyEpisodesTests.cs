using Ingestion.Workers.Noise;

namespace Ingestion.Tests.Workers;

public sealed class NoisyEpisodesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 11, 40, 0, TimeSpan.Zero);
    private static readonly NoisyEpisodeOptions Options = new() { EpisodeThresholdDb = 70, EpisodeMinutes = 3 };

    private static MinuteSummary Minute(int offset, double mean, double max = 0) => new(T0.AddMinutes(offset), mean, max == 0 ? mean : max);

    [Fact]
    public void ThreeConsecutiveNoisyMinutesAreAnEpisodeFromTheFirstToTheEndOfTheLast()
    {
        var episode = NoisyEpisodes.Around(T0.AddMinutes(1), [Minute(0, 75, 80), Minute(1, 72, 99), Minute(2, 71, 85)], Options);

        Assert.Equal(new NoisyEpisode(T0, T0.AddMinutes(3), 99), episode);
    }

    [Fact]
    public void TwoNoisyMinutesAreNotAnEpisode() =>
        Assert.Null(NoisyEpisodes.Around(T0.AddMinutes(1), [Minute(0, 75), Minute(1, 75)], Options));

    [Fact]
    public void AQuietOrMissingMinuteBreaksTheRun()
    {
        Assert.Null(NoisyEpisodes.Around(T0, [Minute(0, 75), Minute(1, 70), Minute(2, 75), Minute(3, 75)], Options));
        Assert.Null(NoisyEpisodes.Around(T0, [Minute(0, 75), Minute(2, 75), Minute(3, 75)], Options));
    }

    [Fact]
    public void AQuietMinuteIsInNoEpisode() =>
        Assert.Null(NoisyEpisodes.Around(T0.AddMinutes(3), [Minute(0, 75), Minute(1, 75), Minute(2, 75), Minute(3, 60)], Options));

    [Fact]
    public void AMinuteArrivingOutOfOrderJoinsTheRunAroundIt()
    {
        var episode = NoisyEpisodes.Around(T0.AddMinutes(1), [Minute(2, 80), Minute(0, 80), Minute(1, 80), Minute(3, 80)], Options);

        Assert.Equal(new NoisyEpisode(T0, T0.AddMinutes(4), 80), episode);
    }
}
