using System.Diagnostics;

namespace Ingestion.LoadGenerator;

/// <summary>
/// Drives the run second by second: take the sensors' readings for this second, keep at most
/// the rate cap, send them in batches with bounded concurrency, report progress. Stops at the
/// duration or on cancellation, whichever comes first.
/// </summary>
internal sealed class LoadRun(LoadOptions options, ReadingSender sender, LoadStatistics statistics, TextWriter progress)
{
    public async Task<TimeSpan> RunAsync(CancellationToken cancellationToken)
    {
        var traffic = new SensorTraffic(options.Sensors, options.Locations, options.Seed, options.AlertThreshold);
        using var slots = new SemaphoreSlim(options.Concurrency);
        var inFlight = new List<Task>();
        var clock = Stopwatch.StartNew();
        using var ticks = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            for (var second = 0; second < options.Duration.TotalSeconds; second++)
            {
                var readings = traffic.NextSecond(DateTimeOffset.UtcNow);
                statistics.CountSkipped(Math.Max(0, readings.Count - options.Rate));
                foreach (var batch in readings.Take(options.Rate).Chunk(options.Batch))
                {
                    await slots.WaitAsync(cancellationToken);
                    inFlight.Add(SendReleasingAsync(batch, slots, cancellationToken));
                }

                inFlight.RemoveAll(task => task.IsCompleted);
                progress.WriteLine(statistics.ProgressLine(clock.Elapsed));
                await ticks.WaitForNextTickAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C: stop sending, report what happened so far.
        }

        await Task.WhenAll(inFlight);
        return clock.Elapsed;
    }

    private async Task SendReleasingAsync(IReadOnlyList<SimulatedReading> batch, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        try
        {
            await sender.SendAsync(batch, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Cancelled with the run.
        }
        finally
        {
            slots.Release();
        }
    }
}
