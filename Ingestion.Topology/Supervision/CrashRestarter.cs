using System.Collections.Concurrent;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ingestion.Topology.Supervision;

/// <summary>
/// Brings a crashed process back: when a resource marked <see cref="RestartOnCrashAnnotation"/>
/// ends without having been asked to stop (a kill, an unhandled exception; DCP reports both as
/// Finished, and a requested stop passes through Stopping first) while the app is not stopping,
/// it is started again through Aspire's own start command after a back-off. A process stopped
/// from the dashboard stays stopped.
/// </summary>
internal sealed partial class CrashRestarter(
    ResourceNotificationService notifications,
    ResourceCommandService commands,
    IHostApplicationLifetime lifetime,
    ILogger<CrashRestarter> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, RestartHistory> _history = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lifetime.ApplicationStopping);
        try
        {
            await foreach (var change in notifications.WatchAsync(stopping.Token))
            {
                if (!change.Resource.TryGetLastAnnotation<RestartOnCrashAnnotation>(out var restart))
                {
                    continue;
                }

                var history = _history.GetOrAdd(change.ResourceId, _ => new RestartHistory());
                var state = change.Snapshot.State?.Text;
                if (state == KnownResourceStates.Running && history.RunningSince is null)
                {
                    history.RunningSince = DateTimeOffset.UtcNow;
                    history.StopRequested = false;
                }
                else if (state == KnownResourceStates.Stopping)
                {
                    // Someone asked for this stop (the dashboard, a test, a restart command).
                    history.StopRequested = true;
                }
                else if (IsDown(state) && history.RunningSince is { } since)
                {
                    history.RunningSince = null;
                    if (history.StopRequested)
                    {
                        continue;
                    }

                    history.QuickCrashes = DateTimeOffset.UtcNow - since > restart.Backoff.StableRun ? 1 : history.QuickCrashes + 1;
                    _ = RestartAsync(change.Resource, change.ResourceId, restart.Backoff.NextDelay(history.QuickCrashes), change.Snapshot.ExitCode, stopping.Token);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The app is stopping: nothing is restarted any more.
        }
    }

    // A process that ended, crashed or stopped alike, is Finished (Exited for containers).
    private static bool IsDown(string? state) =>
        state == KnownResourceStates.Finished || state == KnownResourceStates.Exited || state == KnownResourceStates.FailedToStart;

    private async Task RestartAsync(IResource resource, string resourceId, TimeSpan? delay, int? exitCode, CancellationToken cancellationToken)
    {
        if (delay is not { } wait)
        {
            Log.GivingUp(logger, resource.Name, exitCode);
            return;
        }

        Log.Restarting(logger, resource.Name, exitCode, wait.TotalSeconds);
        try
        {
            await Task.Delay(wait, cancellationToken);
            var result = await commands.ExecuteCommandAsync(resourceId, KnownResourceCommands.StartCommand, cancellationToken);
            if (!result.Success)
            {
                Log.RestartFailed(logger, resource.Name, result.Message ?? "no reason given");
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: leave it down.
        }
    }

    private sealed class RestartHistory
    {
        public DateTimeOffset? RunningSince { get; set; }

        public int QuickCrashes { get; set; }

        public bool StopRequested { get; set; }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "{Resource} exited with code {ExitCode}: starting it again in {DelaySeconds} s")]
        public static partial void Restarting(ILogger logger, string resource, int? exitCode, double delaySeconds);

        [LoggerMessage(Level = LogLevel.Error, Message = "{Resource} keeps crashing (last exit code {ExitCode}): not restarting it again; see its console log")]
        public static partial void GivingUp(ILogger logger, string resource, int? exitCode);

        [LoggerMessage(Level = LogLevel.Error, Message = "Restarting {Resource} failed: {Reason}")]
        public static partial void RestartFailed(ILogger logger, string resource, string reason);
    }
}
