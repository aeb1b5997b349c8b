using System.Diagnostics;
using Ingestion.Benchmarks.Cost;
using Ingestion.Benchmarks.Measurement;
using Ingestion.Benchmarks.Reporting;
using Ingestion.Messaging.Aws.OperationLog;

namespace Ingestion.Benchmarks.Load;

/// <summary>Ours, end to end: each level offered, counted back from DynamoDB, with every process's CPU and memory and every AWS call over its window.</summary>
internal sealed class EndToEnd(ContractLoad load, StoredReader reader, QuietQueues quiet, ProcessSampler sampler, string operationLogDirectory, BenchmarkOptions options, Action<string> progress)
{
    public Dictionary<MeasuredLevel, OperationCounts> Operations { get; } = [];

    /// <summary>
    /// Every worker up and its code JIT-compiled before anything is measured: ten services start
    /// together on two cores and their tiered JIT goes on in the background for a minute or more (our
    /// processes used 8-9 CPU s per 1,000 events in the first warm-up rounds here, 2-3 a minute later).
    /// Rounds of 5 s at 200/s for at least a minute, until one keeps up and our CPU per event stops
    /// falling (within 15 % of the round before).
    /// </summary>
    /// <returns>False when a round lost events: a worker is not running.</returns>
    public async Task<bool> WarmUpAsync(CancellationToken cancellationToken)
    {
        const int maxRounds = 16;
        var atLeast = TimeSpan.FromSeconds(60);
        var clock = Stopwatch.StartNew();
        double? previous = null;
        for (var round = 1; round <= maxRounds; round++)
        {
            var warmUp = await OfferAsync($"warm-up {round}", 200, TimeSpan.FromSeconds(5), cancellationToken);
            if (warmUp.Level.Lost > 0)
            {
                return false;
            }

            var cpuPerThousand = warmUp.Usage.CpuSeconds(ProcessRoles.Ours) * 1000 / Math.Max(1, warmUp.Level.Accepted);
            progress($"  our processes: {cpuPerThousand:N2} CPU s per 1,000 events");
            if (clock.Elapsed >= atLeast && warmUp.Level.KeptUp && previous is { } last && cpuPerThousand > 0.85 * last)
            {
                return true;
            }

            previous = cpuPerThousand;
        }

        progress($"warm-up: not settled after {maxRounds} rounds; measuring anyway (the report's load averages show how busy the machine was)");
        return true;
    }

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
        // The services buffer their operation logs for up to FlushInterval: let the level's last calls land.
        await Task.Delay(AwsOperationLog.FlushInterval * 2, cancellationToken);
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
