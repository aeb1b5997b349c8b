using Microsoft.Extensions.Options;

namespace Ingestion.Workers.Noise;

/// <summary>
/// Closes episodes that ended: quiet sensors send nothing, so "the noise stopped" shows only
/// as time passing without a noisy minute. Runs in the statistics worker every 30 seconds.
/// </summary>
internal sealed partial class EpisodeSweeper(EpisodeStore episodes, IOptions<EpisodeSweepOptions> options, TimeProvider clock, ILogger<EpisodeSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(30), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var closed = await episodes.CloseEndedAsync(options.Value.Locations, clock.GetUtcNow(), stoppingToken);
                if (closed > 0)
                {
                    EpisodesClosed(logger, closed);
                }
            }
            catch (Amazon.Runtime.AmazonServiceException exception)
            {
                SweepFailed(logger, exception);
            }
            catch (HttpRequestException exception)
            {
                SweepFailed(logger, exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Closed {Count} noisy episode(s) that ended")]
    private static partial void EpisodesClosed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Closing ended noisy episodes failed; will retry")]
    private static partial void SweepFailed(ILogger logger, Exception exception);
}
