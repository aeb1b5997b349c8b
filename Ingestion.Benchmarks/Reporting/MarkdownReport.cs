using System.Globalization;
using System.Text;
using Ingestion.Benchmarks.Load;
using Ingestion.Benchmarks.Measurement;

namespace Ingestion.Benchmarks.Reporting;

/// <summary>The report as markdown: the run, the stage ceilings, the blog's design, ours, per-process cost, AWS cost, the goals.</summary>
internal static class MarkdownReport
{
    public static string Write(BenchmarkReport report)
    {
        var md = new StringBuilder();
        var run = report.Run;
        md.AppendLine(Inv($"# Benchmark: {run.Label}"));
        md.AppendLine();
        md.AppendLine(Inv($"{run.StartedAt:yyyy-MM-dd HH:mm} UTC, commit `{run.Commit}`, {run.Configuration} build, {run.Cores} cores. Load average (1/5/15 min) at start {Load(run.LoadAverageAtStart)}, at end {Load(run.LoadAverageAtEnd)}."));
        if (run.Notes.Length > 0)
        {
            md.AppendLine().AppendLine(run.Notes);
        }

        md.AppendLine().AppendLine("![throughput and latency against load](chart.svg)").AppendLine();

        md.AppendLine("## Goals").AppendLine().AppendLine("| goal | met | measured |").AppendLine("| --- | --- | --- |");
        foreach (var goal in report.Goals())
        {
            md.AppendLine(Inv($"| {goal.Description} | {(goal.Met ? "yes" : "**no**")} | {goal.Measured} |"));
        }

        md.AppendLine().AppendLine("## Each stage alone (the emulators' ceilings with the services' clients)").AppendLine();
        md.AppendLine("| stage | rate | calls | errors | call p50 / p99 ms | concurrency |").AppendLine("| --- | --- | --- | --- | --- | --- |");
        foreach (var stage in report.Stages)
        {
            md.AppendLine(Inv($"| {stage.Name} | {stage.UnitsPerSecond:N0} {stage.Unit}/s | {stage.Calls:N0} | {stage.Errors:N0} | {stage.CallLatency.P50:N1} / {stage.CallLatency.P99:N1} | {stage.Concurrency} |"));
        }

        md.AppendLine().AppendLine("## End to end: ours at each offered load, and the blog's design").AppendLine();
        md.AppendLine("| run | offered /s | accepted /s | stored /s (in window) | stored /s sustained | drain s | rejected | not stored when the drain ended | POST→stored p50 / p95 / p99 ms | request p99 ms | load avg (start → end) | machine: compute probe, memory probe, steal |");
        md.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var measured in report.Levels.Concat(new[] { report.HalfLoad, report.Flood }.OfType<MeasuredLevel>()))
        {
            md.AppendLine(Row(measured.Level, $"{Load(measured.Usage.LoadAverageAtStart)} → {Load(measured.Usage.LoadAverageAtEnd)} | {Machine(measured.Usage)}"));
        }

        if (report.Blog is { } blog)
        {
            md.AppendLine(Row(blog, " |"));
        }

        if (report.OursOverBlog is { } ratio)
        {
            md.AppendLine().AppendLine(Inv($"Ours over the blog's design: **{ratio:N1}×** stored events per second, sustained ({report.OursSustained:N0} against {report.Blog!.SustainedStoredPerSecond:N0})."));
        }

        if (report.Saturation is { } saturation)
        {
            md.AppendLine().AppendLine(Inv($"**Saturation** (the highest offered load that was stored within the window and drained within 2 s): **{saturation.Level.StoredPerSecond:N0} events/s** stored ({saturation.Level.AcceptedPerSecond:N0} accepted)."));

            var ceilings = string.Join("; ", report.Stages.Select(stage => Inv($"{stage.Name} {saturation.Level.StoredPerSecond / stage.UnitsPerSecond:P0}")));
            md.AppendLine(Inv($"Ours at saturation as a share of each stage's ceiling: {ceilings}."));
        }
        else
        {
            md.AppendLine().AppendLine("**No offered level kept up** (stored within its window and drained within 2 s).");
        }

        md.AppendLine().AppendLine("## CPU and memory per process").AppendLine();
        if (report.Saturation is { } atSaturation)
        {
            WriteUsage(md, atSaturation, "at saturation");
        }

        if (report.Flood is { } flood)
        {
            WriteUsage(md, flood, "under the flood");
        }

        if (report.Budget is { } budget)
        {
            WriteBudget(md, budget, report.Run.Cores);
        }

        if (report.Cost is { } cost)
        {
            md.AppendLine().AppendLine(Inv($"## Cost per million events on AWS (list prices of {Cost.AwsPrices.AsOf}, {Cost.AwsPrices.Source})")).AppendLine();
            md.AppendLine(Inv($"From the requests the runs made: ours over the saturation level, or the flood when none kept up ({cost.Ours.Events:N0} events; every service's AWS calls from the operation log, idle workers' polls included), the blog's design over its run ({cost.Blog.Events:N0} events). Message size {cost.MessageBytes} bytes.{EmptyReceivesNote(cost.Ours.EmptyReceivesLeftOut)}{BlogReceivesNote(cost.Blog)}")).AppendLine();
            md.AppendLine("| item | ours per event | ours $/M events | blog per event | blog $/M events |").AppendLine("| --- | --- | --- | --- | --- |");
            for (var index = 0; index < cost.OursCost.Lines.Count; index++)
            {
                var ours = cost.OursCost.Lines[index];
                var blogLine = cost.BlogCost.Lines.ElementAtOrDefault(index);
                md.AppendLine(Inv($"| {ours.Item} | {ours.PerEvent:G3} | {ours.UsdPerMillionEvents:N3} | {blogLine?.PerEvent:G3} | {blogLine?.UsdPerMillionEvents:N3} |"));
            }

            md.AppendLine(Inv($"| **total** | | **{cost.OursCost.UsdPerMillionEvents:N2}** | | **{cost.BlogCost.UsdPerMillionEvents:N2}** |"));
        }

        HotKeyMarkdown.Write(md, report.HotKeys);
        md.AppendLine().AppendLine("## How it is measured").AppendLine().AppendLine(Method);
        return md.ToString();
    }

    private static void WriteUsage(StringBuilder md, MeasuredLevel measured, string when)
    {
        var events = Math.Max(1, measured.Level.Accepted);
        md.AppendLine(Inv($"{char.ToUpperInvariant(when[0])}{when[1..]}: {measured.Level.Accepted:N0} events, window {measured.Usage.WindowSeconds:N1} s (load and drain); ours {measured.Usage.MachineShare(ProcessRoles.Ours):P0}, Aspire's {measured.Usage.MachineShare(ProcessRoles.Aspire):P0}, emulators {measured.Usage.MachineShare(ProcessRoles.Emulator):P0} of the machine; this benchmark process (load and counting) {measured.BenchmarkCpuSeconds:N1} CPU s.")).AppendLine();
        md.AppendLine("| process | group | CPU s | CPU s per 1,000 events | share of machine | peak RSS MiB |").AppendLine("| --- | --- | --- | --- | --- | --- |");
        foreach (var row in measured.Usage.Processes.OrderByDescending(row => row.CpuSeconds))
        {
            md.AppendLine(Inv($"| {row.Name} | {row.Group} | {row.CpuSeconds:N2} | {row.CpuSeconds / events * 1000:N3} | {row.CpuSeconds / (measured.Usage.WindowSeconds * Environment.ProcessorCount):P1} | {row.PeakRssBytes / 1024d / 1024d:N0} |"));
        }

        md.AppendLine();
    }

    private static void WriteBudget(StringBuilder md, CpuBudget budget, int cores)
    {
        md.AppendLine().AppendLine("## The machine's budget").AppendLine();
        md.AppendLine(Inv($"At {budget.Level} ({budget.StoredEvents:N0} events stored), every process together spent **{budget.TotalMillisecondsPerEvent:N2} CPU ms per stored event**: with nothing else running, {cores} cores ({cores * 1000:N0} CPU ms a second) store at most **{budget.CeilingEventsPerSecond:N0} events/s**. The largest share is {budget.LargestProcess}'s. Our services on an event's path ({string.Join(", ", CpuBudget.EventPath)}) {budget.OurServicesMillisecondsPerEvent:N2} ms, the dashboard {budget.DashboardMillisecondsPerEvent:N2} ms.{LoadGeneratorNote(budget)}")).AppendLine();
        md.AppendLine("| process | group | CPU ms per stored event | share of the sum |").AppendLine("| --- | --- | --- | --- |");
        foreach (var process in budget.Processes.Where(process => process.MillisecondsPerEvent >= 0.005))
        {
            md.AppendLine(Inv($"| {process.Name} | {process.Group} | {process.MillisecondsPerEvent:N3} | {process.MillisecondsPerEvent / budget.TotalMillisecondsPerEvent:P0} |"));
        }
    }

    internal static string LoadGeneratorNote(CpuBudget budget) => budget.TimesLoadGenerator is not { } times ? "" : Inv(
        $" The benchmark's own load generator, the same work per event in every run, spent {budget.LoadGeneratorMillisecondsPerEvent:N3} ms per event over the same window: the sum is **{times:N1}×** it. Compare runs made on one host by this ratio at the same level, not by the sum: a slower spell of the machine raises both. It does not carry across hosts (docs/benchmark/README.md).");

    private static string Row(LevelResult level, string load) =>
        Inv($"| {level.Name} | {(level.OfferedPerSecond > 0 ? level.OfferedPerSecond.ToString("N0", CultureInfo.InvariantCulture) : "as fast as possible")} | {level.AcceptedPerSecond:N0} | {level.StoredPerSecond:N0} | {level.SustainedStoredPerSecond:N0} | {level.DrainSeconds:N1} | {level.Rejected + level.TransportErrors:N0} | {level.Lost:N0} | {level.PostToStored.P50:N0} / {level.PostToStored.P95:N0} / {level.PostToStored.P99:N0} | {level.RequestLatency.P99:N0} | {load} |");

    /// <summary>The probes before the level (MiB of SHA-256 a second on one thread; ns per memory access) and the hypervisor's steal over it.</summary>
    internal static string Machine(ProcessUsage usage) =>
        usage.SpeedMiBPerSecond is not { } speed ? "" : Inv(
            $"{speed:N0} MiB/s{(usage.MemoryNanoseconds is { } memory ? $", {memory:N0} ns" : "")}{(usage.StealShare is { } steal ? $", steal {steal:P1}" : "")}");

    private static string Load(double[] average) => string.Join('/', average.Select(value => value.ToString("0.00", CultureInfo.InvariantCulture)));

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string EmptyReceivesNote(long emptyReceives) => emptyReceives == 0 ? "" : Inv(
        $" Left out of ours: {emptyReceives:N0} SQS receives that came back empty, fauxqs's answers to every waiting long poll when one message arrives (SQS holds a long poll until it has messages or its 20 s wait is over).");

    private static string BlogReceivesNote(Cost.RequestCounts blog) => blog.EmulatorConsumerRequests is not { } onEmulator ? "" : Inv(
        $" The blog's consumer is priced as SQS answers its one group's backlog, up to 10 messages per receive and one delete per receive: {(double)(blog.SqsRequests - blog.SnsDeliveries) / Math.Max(1, blog.Events):G2} requests per event, where fauxqs, one message per group per receive, took {(double)onEmulator / Math.Max(1, blog.Events):G2}.");

    private const string Method = """
- **Topology**: the real Aspire AppHost (Release, as built by the benchmark) as a process of its own, every port free, the dashboard on, the API's per-source rate limit lifted (`RateLimits__Default__RequestsPerSecond` and `EventsPerSecond` = 1,000,000) and each service's AWS operation log on (it is what the cost model counts; its write metering, which rewrites every DynamoDB write to read back the item, only in the hot-key phase).
- **Load**: unique CONTRACT events to `POST /sources/sourceB/events` with `X-Api-Key`, in batches, from this process over HTTP/1.1 keep-alive. A level offers a fixed rate (open loop: requests leave on schedule up to a cap in flight); the flood is closed loop (a number of connections, each posting as soon as the last answer came, like wrk).
- **Stored**, independently: after each level the benchmark reads every accepted event's item straight from DynamoDB (BatchGetItem) and takes its `STORED_AT` (written by the worker from the same machine clock). Stored per second counts the items stored within the load window; what came later is the drain. Nothing is read while load runs.
- **POST → stored latency**: `STORED_AT` minus the moment the request left, for every accepted event (not a sample).
- **Sustained**: everything stored over the time from the load's start to the last item stored, the rate the workers keep up whatever backlog built (the blog's design is compared on it).
- **Not stored when the drain ended**: accepted events whose items were not there when the drain timeout ran out (`--drain-seconds`, 120 s): lost, or still queued behind a consumer that had not caught up (the blog's one consumer, whose backlog of a 10 s flood takes minutes). The sustained rate counts only what was stored.
- **Saturation**: the highest offered level whose events were all stored within the window (95%) and drained within 2 s; half of it is then run again for the latency.
- **CPU and RSS**: every process under the AppHost (the services, the `dotnet run` host Aspire puts in front of each, fauxqs, dynalite, the dashboard, DCP, the AppHost) from /proc: utime + stime over the level's window (load and drain), RSS sampled every 0.5 s (peak). A process that ended inside a window is missing from it.
- **Stage ceilings**: each alone for a few seconds with the services' SDK clients and request shapes, concurrent loops; SNS into a copy of the stack's topic, subscriptions and filter policies (copies of the queues, so no worker consumes them), SQS receive + delete draining the sourceB copy.
- **Blog's design**: on the same emulators, one message group for the source, one Publish per event (16 publishers), one consumer that handles its receive of up to 10 one message at a time with one PutItem each, then deletes the batch.
- **Cost**: request counts of the run (operation logs of every service for ours; the benchmark's own calls for the blog's design, its receives and deletes as SQS would answer its backlog of one group: up to 10 messages per receive, where fauxqs gives one) at the list prices in `Ingestion.Benchmarks/Cost/AwsPrices.cs`; deliveries are events × matching subscriptions (a sourceB event: its queue and the archive), each delivery also an SQS request.
""";
}
