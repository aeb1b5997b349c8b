using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Ingestion.AppHost.Processes;

/// <summary>
/// Stops a child the way a service manager would: SIGTERM so .NET hosts run their graceful
/// shutdown (a worker finishes or releases its in-flight messages), then kill the whole tree.
/// </summary>
internal static partial class ProcessTermination
{
    private const int SigTerm = 15;

    public static async Task StopGracefullyAsync(Process process, TimeSpan gracePeriod)
    {
        try
        {
            if (process.HasExited)
            {
                return;
            }

            if (gracePeriod > TimeSpan.Zero && !OperatingSystem.IsWindows())
            {
                _ = SendSignal(process.Id, SigTerm);
                using var grace = new CancellationTokenSource(gracePeriod);
                try
                {
                    await process.WaitForExitAsync(grace.Token);
                    return;
                }
                catch (OperationCanceledException)
                {
                    // Did not stop in time: fall through to kill.
                }
            }

            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);
}
