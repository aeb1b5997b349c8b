using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Stops the service when the AppHost that started it is gone (killed, or `dotnet run` ended
/// without passing the signal on), so no orphan keeps its port or keeps draining a queue.
/// Only active when the AppHost set INGESTION_APPHOST_PID.
/// </summary>
internal sealed partial class AppHostWatcher(IConfiguration configuration, IHostApplicationLifetime lifetime, ILogger<AppHostWatcher> logger) : BackgroundService
{
    public const string ParentPidVariable = "INGESTION_APPHOST_PID";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!int.TryParse(configuration[ParentPidVariable], out var pid))
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            if (!IsAlive(pid))
            {
                AppHostGone(logger, pid);
                lifetime.StopApplication();
                return;
            }
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The AppHost (process {ProcessId}) is gone; stopping")]
    private static partial void AppHostGone(ILogger logger, int processId);
}
