using Ingestion.Benchmarks.Reporting;

namespace Ingestion.Benchmarks.Measurement;

/// <summary>
/// The machine's CPU budget at one measured level: what every process spent per stored event, and
/// the throughput that implies when the machine has nothing else to do (its cores' milliseconds per
/// second over the sum). On a machine this small the processes share the cores, so the ceiling is
/// set by the sum, and the largest term is the one worth cutting first.
/// <para>
/// <see cref="LoadGeneratorMillisecondsPerEvent"/>: the benchmark process's own CPU over the same window,
/// per event. It does the same work per event in every run, so the sum over it compares runs made on one
/// host while it ran slower or faster: on 4 December the same code's sum spread 0.80–1.57 ms between
/// runs at the same offered load while this ratio stayed within 10.0–12.1. Across hosts it did not
/// hold (our services over it: 4.3–4.8 on one, 3.7–4.1 on the next, same code): compare interleaved.
/// </para>
/// </summary>
internal sealed record CpuBudget(
    string Level,
    int StoredEvents,
    double TotalMillisecondsPerEvent,
    double CeilingEventsPerSecond,
    string LargestProcess,
    double OurServicesMillisecondsPerEvent,
    double DashboardMillisecondsPerEvent,
    IReadOnlyList<ProcessCost> Processes,
    double LoadGeneratorMillisecondsPerEvent = 0)
{
    /// <summary>The sum in units of the load generator's own cost per event; null when that was not measured.</summary>
    public double? TimesLoadGenerator => LoadGeneratorMillisecondsPerEvent > 0 ? TotalMillisecondsPerEvent / LoadGeneratorMillisecondsPerEvent : null;

    /// <summary>The processes that handle a sourceB event: what "our services per event" adds up.</summary>
    public static readonly IReadOnlyList<string> EventPath = ["api", "worker-sourceB", "worker-archive"];

    public static CpuBudget? From(MeasuredLevel? measured, int cores)
    {
        if (measured is null || measured.Level.StoredInTotal == 0)
        {
            return null;
        }

        var stored = measured.Level.StoredInTotal;
        double PerEvent(double cpuSeconds) => cpuSeconds * 1000 / stored;
        var processes = measured.Usage.Processes
            .GroupBy(row => row.Name, StringComparer.Ordinal)
            .Select(group => new ProcessCost(group.Key, group.First().Group, PerEvent(group.Sum(row => row.CpuSeconds))))
            .OrderByDescending(cost => cost.MillisecondsPerEvent)
            .ToList();
        var total = processes.Sum(cost => cost.MillisecondsPerEvent);
        double Of(string name) => processes.Where(cost => cost.Name == name).Sum(cost => cost.MillisecondsPerEvent);
        return new CpuBudget(
            measured.Level.Name,
            stored,
            total,
            total > 0 ? cores * 1000 / total : double.PositiveInfinity,
            processes.FirstOrDefault()?.Name ?? "",
            EventPath.Sum(Of),
            Of("dashboard"),
            processes,
            PerEvent(measured.BenchmarkCpuSeconds));
    }
}

/// <summary>One process's CPU milliseconds per stored event.</summary>
internal sealed record ProcessCost(string Name, string Group, double MillisecondsPerEvent);
