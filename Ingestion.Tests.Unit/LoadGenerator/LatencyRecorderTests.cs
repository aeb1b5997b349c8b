using Ingestion.LoadGenerator;

namespace Ingestion.Tests.LoadGenerator;

public sealed class LatencyRecorderTests
{
    [Fact]
    public void PercentilesAreNearestRank()
    {
        var recorder = new LatencyRecorder();
        foreach (var ms in Enumerable.Range(1, 100).Reverse())
        {
            recorder.Record(TimeSpan.FromMilliseconds(ms));
        }

        Assert.Equal(50, recorder.Percentile(50));
        Assert.Equal(95, recorder.Percentile(95));
        Assert.Equal(99, recorder.Percentile(99));
        Assert.Equal(100, recorder.Percentile(100));
        Assert.Equal(1, recorder.Percentile(0.5));
    }

    [Fact]
    public void NoSamplesHaveNoPercentile() => Assert.Null(new LatencyRecorder().Percentile(50));
}
