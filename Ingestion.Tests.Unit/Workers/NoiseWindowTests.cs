using Ingestion.Workers.Noise;

namespace Ingestion.Tests.Workers;

public sealed class NoiseWindowTests
{
    [Theory]
    [InlineData("2026-11-24T11:40:00Z", "2026-11-24T11:40:00Z")]
    [InlineData("2026-11-24T11:40:59.999Z", "2026-11-24T11:40:00Z")]
    [InlineData("2026-11-24T12:41:30+01:00", "2026-11-24T11:41:00Z")]
    public void AReadingBelongsToTheUtcMinuteOfItsOwnTimestamp(string timestamp, string window) =>
        Assert.Equal(DateTimeOffset.Parse(window), NoiseWindow.StartOf(DateTimeOffset.Parse(timestamp)));

    [Fact]
    public void TheWindowItemIsNamedByLocationAndMinute() =>
        Assert.Equal("STATS#HydePark#2026-11-24T11:40:00Z", NoiseWindow.ItemId("HydePark", DateTimeOffset.Parse("2026-11-24T11:40:00Z")));

    [Fact]
    public void StatisticsAreCountMaxMeanAndNearestRankP95()
    {
        var decibels = Enumerable.Range(1, 20).Select(i => (double)i).Reverse().ToList();

        var statistics = NoiseWindow.Compute(decibels);

        // p95 of 1..20 by nearest rank: rank ceil(0.95 × 20) = 19.
        Assert.Equal(new WindowStatistics(20, 20, 10.5, 19), statistics);
    }

    [Fact]
    public void OneReadingIsItsOwnStatistics() =>
        Assert.Equal(new WindowStatistics(1, 72.5, 72.5, 72.5), NoiseWindow.Compute([72.5]));
}
