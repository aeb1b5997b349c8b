using Ingestion.Benchmarks.HotKeys;
using Ingestion.Benchmarks.Cost;
using Ingestion.Benchmarks.Load;
using Ingestion.Benchmarks.Measurement;
using Ingestion.Benchmarks.Stages;

namespace Ingestion.Benchmarks.Reporting;

internal sealed record RunInfo(string Label, DateTimeOffset StartedAt, string Commit, string Configuration, int Cores, double[] LoadAverageAtStart, double[] LoadAverageAtEnd, string Notes);

/// <summary>One load level of ours with what every process used while it ran and drained.</summary>
internal sealed record MeasuredLevel(LevelResult Level, ProcessUsage Usage, double BenchmarkCpuSeconds);

internal sealed record CostComparison(RequestCounts Ours, CostEstimate OursCost, RequestCounts Blog, CostEstimate BlogCost, int MessageBytes);

internal sealed record BenchmarkReport(
    RunInfo Run,
    IReadOnlyList<StageResult> Stages,
    LevelResult? Blog,
    IReadOnlyList<MeasuredLevel> Levels,
    MeasuredLevel? Saturation,
    MeasuredLevel? HalfLoad,
    MeasuredLevel? Flood,
    CostComparison? Cost,
    HotKeySummary? HotKeys = null)
{
    /// <summary>The most ours stored per second, sustained (any level, the flood included).</summary>
    public double OursSustained => Levels.Concat(new[] { Flood }.OfType<MeasuredLevel>()).Select(m => m.Level.SustainedStoredPerSecond).DefaultIfEmpty(0).Max();

    /// <summary>Ours over the blog's design, stored events per second sustained end to end.</summary>
    public double? OursOverBlog => Blog is { SustainedStoredPerSecond: > 0 } b && OursSustained > 0 ? OursSustained / b.SustainedStoredPerSecond : null;

    /// <summary>CPU per stored event at saturation (the flood when no level kept up), and the ceiling it implies.</summary>
    public CpuBudget? Budget => CpuBudget.From(Saturation ?? Flood, Run.Cores);

    public IReadOnlyList<Goal> Goals()
    {
        List<Goal> goals = [];
        if (Saturation is { } saturation)
        {
            var ours = saturation.Usage.MachineShare(ProcessRoles.Ours) + saturation.Usage.MachineShare(ProcessRoles.Aspire);
            var keepsUp = Flood is null || Flood.Level.SustainedStoredPerSecond >= 0.95 * Flood.Level.AcceptedPerSecond;
            goals.Add(new Goal(
                "stored/s reaches accepted/s at saturation, or our processes (API, workers, AppHost, dashboard, DCP, dotnet run hosts) use at most 30% of the machine",
                keepsUp || ours <= 0.30,
                $"flood: accepted {Flood?.Level.AcceptedPerSecond:N0}/s, stored {Flood?.Level.SustainedStoredPerSecond:N0}/s sustained; at saturation ({saturation.Level.StoredPerSecond:N0}/s) our processes used {ours:P0} of the machine"));
        }

        else
        {
            goals.Add(new Goal("stored/s reaches accepted/s at saturation", false, "no offered level was stored within its window and drained within 2 s"));
        }

        // Every measured level is load, above saturation too (the API buffers most there).
        var underLoad = Levels.Append(Flood).OfType<MeasuredLevel>().ToList();
        if (underLoad.Count > 0)
        {
            var peak = underLoad.Max(m => m.Usage.Processes.Where(p => p.Name == "api").Sum(p => p.PeakRssBytes)) / 1024d / 1024d;
            goals.Add(new Goal("API RSS at most 200 MB (MiB) under load", peak <= 200, $"peak {peak:N0} MiB"));
        }

        if (OursOverBlog is { } ratio)
        {
            goals.Add(new Goal("at least 5× the blog's design end to end", ratio >= 5,
                $"{ratio:N1}× ({OursSustained:N0} against {Blog!.SustainedStoredPerSecond:N0} stored/s sustained)"));
        }

        if (HalfLoad is { } half)
        {
            goals.Add(new Goal("p99 POST → stored at most 200 ms at half the saturation load", half.Level.PostToStored.P99 <= 200,
                $"p99 {half.Level.PostToStored.P99:N0} ms at {half.Level.OfferedPerSecond:N0} events/s"));
        }

        goals.Add(new Goal("at least 2,000 stored events/s sustained", OursSustained >= 2000, $"{OursSustained:N0} stored/s sustained"));
        if (Budget is { } budget)
        {
            goals.Add(new Goal($"our services ({string.Join(", ", CpuBudget.EventPath)}) at most 0.3 CPU ms per stored event", budget.OurServicesMillisecondsPerEvent <= 0.3,
                $"{budget.OurServicesMillisecondsPerEvent:N2} ms ({budget.Level})"));
            goals.Add(new Goal("the dashboard at most 0.3 CPU ms per stored event", budget.DashboardMillisecondsPerEvent <= 0.3,
                $"{budget.DashboardMillisecondsPerEvent:N2} ms ({budget.Level})"));
        }

        if (HotKeys is { Key.Length: > 0 } hot)
        {
            goals.Add(new Goal($"no partition key over {HotKeySummary.PartitionWriteUnitsPerSecond:N0} write units/s at the target load", hot.MaxWriteUnitsPerSecond < HotKeySummary.PartitionWriteUnitsPerSecond,
                $"{hot.Key}: {hot.MaxWriteUnitsPerSecond:N0} write units/s at {hot.AtEventsPerSecond:N0} events/s"));
        }

        return goals;
    }
}

internal sealed record Goal(string Description, bool Met, string Measured);
