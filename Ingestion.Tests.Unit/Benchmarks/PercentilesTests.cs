using Ingestion.Benchmarks.Measurement;

namespace Ingestion.Tests.Benchmarks;

public sealed class PercentilesTests
{
    [Fact]
    public void NearestRankIsTheSmallestValueWithThatShareAtOrBelowIt()
    {
        IReadOnlyList<double> sorted = [.. Enumerable.Range(1, 100).Select(value => (double)value)];

        Assert.Equal(50, Percentiles.Of(sorted, 50));
        Assert.Equal(95, Percentiles.Of(sorted, 95));
        Assert.Equal(99, Percentiles.Of(sorted, 99));
        Assert.Equal(100, Percentiles.Of(sorted, 100));
        Assert.Equal(1, Percentiles.Of(sorted, 0.5));
    }

    [Fact]
    public void ASummarySortsItsValuesFirst()
    {
        var summary = Percentiles.Summarise([30, 10, 20, 40]);

        Assert.Equal(4, summary.Count);
        Assert.Equal(20, summary.P50);
        Assert.Equal(40, summary.P99);
        Assert.Equal(40, summary.Max);
    }

    [Fact]
    public void NoValuesHaveNoPercentile()
    {
        Assert.True(double.IsNaN(Percentiles.Summarise([]).P99));
    }
}
