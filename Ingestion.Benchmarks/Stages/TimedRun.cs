using System.Collections.Concurrent;
using System.Diagnostics;
using Ingestion.Benchmarks.Measurement;

namespace Ingestion.Benchmarks.Stages;

/// <summary>Runs one call in a number of concurrent loops for a while; counts calls and the units (messages, items) they moved.</summary>
internal static class TimedRun
{
    /// <param name="call">Returns how many units it moved; 0 when there was nothing left to move.</param>
    public static async Task<StageResult> RunAsync(string name, string unit, int concurrency, TimeSpan duration, Func<CancellationToken, Task<int>> call, CancellationToken cancellationToken, bool stopWhenEmpty = false)
    {
        var units = 0L;
        var calls = 0L;
        var errors = 0L;
        var latencies = new ConcurrentBag<double>();
        var clock = Stopwatch.StartNew();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var loops = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (clock.Elapsed < duration && !stop.IsCancellationRequested)
            {
                var started = clock.Elapsed;
                try
                {
                    var moved = await call(stop.Token);
                    latencies.Add((clock.Elapsed - started).TotalMilliseconds);
                    Interlocked.Increment(ref calls);
                    Interlocked.Add(ref units, moved);
                    if (moved == 0 && stopWhenEmpty)
                    {
                        await stop.CancelAsync();
                    }
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        });
        await Task.WhenAll(loops);
        var seconds = clock.Elapsed.TotalSeconds;
        return new StageResult(name, unit, concurrency, seconds, units, calls, errors, Percentiles.Summarise(latencies));
    }
}

internal sealed record StageResult(string Name, string Unit, int Concurrency, double Seconds, long Units, long Calls, long Errors, LatencySummary CallLatency)
{
    public double UnitsPerSecond => Units / Seconds;
}
