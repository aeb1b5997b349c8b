using System.Diagnostics;
using Ingestion.Benchmarks.Cost;
using Ingestion.Benchmarks.Measurement;
using Ingestion.Benchmarks.Reporting;

namespace Ingestion.Benchmarks.Load;

/// <summary>Ours, end to end: each level offered, counted back from DynamoDB, with every process's CPU and memory and every AWS call over its window.</summary>
internal sealed class EndToEnd(ContractLoad load, StoredReader reader, QuietQueues quiet, ProcessSampler sampler, string operationLogDirectory, BenchmarkOptions options, Action<string> progress)
{
    public Dictionary<MeasuredLevel, OperationCounts> Operations { get; } = [];

    public Task<MeasuredLevel> OfferAsync(string name, double eventsPerSecond, TimeSpan duration, CancellationToken cancellationToken) =>
        MeasureAsync(name, eventsPerSecond, () => load.OfferAsync(eventsPerSecond, duration, options.BatchSize, options.MaxInFlight, cancellationToken), duration, cancellationToken);

    public Task<MeasuredLevel> FloodAsync(CancellationToken cancellationToken) =>
        MeasureAsync($"flood, {options.FloodConnections} connections", 0, () => load.FloodAsync(options.FloodConnections, options.FloodDuration, options.BatchSize, cancellationToken), options.FloodDuration, cancellationToken);

    private async Task<MeasuredLevel> MeasureAsync(string name, double offered, Func<Task<LoadResult>> run, TimeSpan duration, CancellationToken cancellationToken)
    {
        progress($"{name}: offering {(offered > 0 ? $"{offered:N0} events/s" : "as fast as possible")} for {duration.TotalSeconds:N0} s");
        await quiet.WaitAsync(options.DrainTimeout, cancellationToken);
        var operationsBefore = OperationCounts.Read(operationLogDirectory);
        var window = sampler.BeginWindow();
        var ownCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        using var ticker = new CancellationTokenSource();
        var ticking = TickAsync(clock, ticker.Token);
        var result = await run();
        await ticker.CancelAsync();
        await ticking;
        progress($"  accepted {result.Accepted.Count:N0} ({result.AcceptedPerSecond:N0}/s), rejected {result.RejectedByStatus.Values.Sum():N0}{(result.RejectedByStatus.Count > 0 ? $" ({string.Join(", ", result.RejectedByStatus.Select(r => $"{r.Value:N0} × HTTP {r.Key}"))})" : "")}, transport errors {result.TransportErrors:N0}; counting back from DynamoDB");
        var stored = await reader.WaitForAsync([.. result.Accepted.Select(sent => sent.ItemId)], options.DrainTimeout,
            (done, all) => progress($"  draining: {done:N0} of {all:N0} stored"), cancellationToken);
        var usage = sampler.EndWindow(window, clock.Elapsed);
        var benchmarkCpu = (Process.GetCurrentProcess().TotalProcessorTime - ownCpu).TotalSeconds;
        var level = LevelResult.From(name, offered, result, stored);
        var measured = new MeasuredLevel(level, usage, benchmarkCpu);
        Operations[measured] = OperationCounts.Read(operationLogDirectory).Since(operationsBefore);
        progress($"  stored in window {level.StoredPerSecond:N0}/s, drain {level.DrainSeconds:N1} s, lost {level.Lost:N0}, POST→stored p50 {level.PostToStored.P50:N0} p99 {level.PostToStored.P99:N0} ms; "
            + $"ours {usage.MachineShare(ProcessRoles.Ours):P0}, Aspire {usage.MachineShare(ProcessRoles.Aspire):P0}, emulators {usage.MachineShare(ProcessRoles.Emulator):P0} of the machine; load avg {string.Join('/', usage.LoadAverageAtEnd)}; {(level.KeptUp ? "kept up" : "did NOT keep up")}");
        return measured;
    }

    private async Task TickAsync(Stopwatch clock, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
                progress($"  … {clock.Elapsed.TotalSeconds:N0} s, load avg {string.Join('/', LoadAverage.Read())}");
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
