using Ingestion.LoadGenerator;

namespace Ingestion.Tests.LoadGenerator;

public sealed class SensorTrafficTests
{
    private static readonly string[] Locations = ["HydePark", "Woodlawn", "Kenwood"];
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private static List<IReadOnlyList<SimulatedReading>> Run(int seed, int seconds, int sensors = 200)
    {
        var traffic = new SensorTraffic(sensors, Locations, seed, alertThreshold: 85);
        return Enumerable.Range(0, seconds).Select(s => traffic.NextSecond(Start.AddSeconds(s))).ToList();
    }

    [Fact]
    public void TheSameSeedGivesTheSameTraffic()
    {
        Assert.Equal(Run(7, 60).SelectMany(s => s), Run(7, 60).SelectMany(s => s));
        Assert.NotEqual(Run(7, 60).SelectMany(s => s), Run(8, 60).SelectMany(s => s));
    }

    [Fact]
    public void NoSensorSendsMoreThanOneReadingASecond()
    {
        foreach (var second in Run(3, 120))
        {
            Assert.Equal(second.Count, second.Select(r => r.Sensor).Distinct().Count());
        }
    }

    [Fact]
    public void TrafficIsBurstyQuietSensorsSendNothing()
    {
        var seconds = Run(5, 120);

        // Most sensors are quiet in any given second, and every sensor has quiet seconds.
        Assert.All(seconds, second => Assert.True(second.Count < 200 / 2));
        var activeSeconds = seconds.SelectMany(s => s).GroupBy(r => r.Sensor).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(activeSeconds.Values, count => Assert.True(count < 120));
        Assert.True(activeSeconds.Count > 100, "over two minutes most sensors burst at least once");
    }

    [Fact]
    public void TimestampsAreWholeMillisecondsSoTheSentTextNamesTheSameItem()
    {
        var traffic = new SensorTraffic(100, Locations, 1, 85);

        var readings = Enumerable.Range(0, 30).SelectMany(s => traffic.NextSecond(Start.AddSeconds(s).AddTicks(1234567))).ToList();

        Assert.NotEmpty(readings);
        Assert.All(readings, r => Assert.Equal(0, r.Timestamp.Ticks % TimeSpan.TicksPerMillisecond));
    }

    [Fact]
    public void SomeReadingsAreLoudAndAllAreValidDecibels()
    {
        var readings = Run(11, 120).SelectMany(s => s).ToList();

        Assert.Contains(readings, r => r.Db >= 85);
        Assert.Contains(readings, r => r.Db < 85);
        Assert.All(readings, r => Assert.InRange(r.Db, 0, 194));
        Assert.All(readings, r => Assert.Contains(r.Location, Locations));
    }
}
