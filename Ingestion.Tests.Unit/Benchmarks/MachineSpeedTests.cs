using Ingestion.Benchmarks.Measurement;
using Ingestion.Benchmarks.Reporting;

namespace Ingestion.Tests.Benchmarks;

public sealed class MachineSpeedTests
{
    [Fact]
    public void StealIsTheHypervisorsShareOfTheMachinesTimeBetweenTwoReadsOfProcStat()
    {
        // user nice system idle iowait irq softirq steal guest guest_nice: guest time is already in user.
        var start = CpuTimes.Parse("cpu  4000 0 700 8800 10 0 40 50 300 0")!;
        var end = CpuTimes.Parse("cpu  4600 0 800 9000 10 0 40 150 400 0")!;

        Assert.Equal(13_600, start.Total);
        Assert.Equal(50, start.Steal);
        Assert.Equal(100d / 1_000, end.StealShareSince(start)!.Value, 9);
        Assert.Null(end.StealShareSince(null));
        Assert.Null(CpuTimes.Parse("cpu0 1 2 3 4 5 6 7 8"));
    }

    [Fact]
    public void TheProbeHashesAtAPositiveRateForAboutItsDuration()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var speed = MachineSpeed.ProbeMiBPerSecond();

        Assert.True(speed > 0, $"{speed} MiB/s");
        Assert.True(clock.Elapsed >= MachineSpeed.ProbeDuration, $"returned after {clock.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public void TheMemoryProbeTakesLongerPerAccessThanAnAccessThatHitsTheCache()
    {
        // A cache hit takes about a nanosecond; a chase through 64 MiB in random order misses nearly every time.
        var nanoseconds = MachineSpeed.ProbeMemoryNanoseconds();

        Assert.True(nanoseconds is > 2 and < 10_000, $"{nanoseconds} ns per access");
    }

    [Fact]
    public void EachLevelRowSaysHowFastTheMachineWasAndWhatTheHypervisorTook()
    {
        var usage = new ProcessUsage([], 10, [1, 1, 1], [2, 2, 2], SpeedMiBPerSecond: 412.4, StealShare: 0.031, MemoryNanoseconds: 96.6);

        Assert.Equal("412 MiB/s, 97 ns, steal 3.1%", MarkdownReport.Machine(usage).Replace(" %", "%", StringComparison.Ordinal));
        Assert.Equal("", MarkdownReport.Machine(new ProcessUsage([], 10, [1, 1, 1], [2, 2, 2])));
    }
}
