using Ingestion.Hosting.Emulators;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ingestion.Tests.Support;

/// <summary>
/// The npm packages the tests run (fauxqs, dynalite, the Node 22 they need, the AWS SDK for
/// JavaScript, and the Chromium the browser tests drive when Debian's is absent), installed from
/// emulators/package-lock.json once per test run, as the AppHost does on its first start: so
/// `dotnet test` is a fresh clone's first command. Every test that runs them awaits this first.
/// The test projects run in parallel, each asking once: the installer takes a lock on the folder,
/// so one of them runs `npm ci` and the others wait and find the packages in place.
/// </summary>
public static class NpmPackages
{
    private static readonly Lazy<Task> Installed = new(() => InstallAsync(Directory));

    /// <summary>emulators/ in the repository: package.json, the lock file, node_modules, the launchers.</summary>
    public static string Directory => Path.Combine(Provisioning.RepositoryFiles.Root, "emulators");

    /// <summary>The Node 22 installed with the packages.</summary>
    public static string Node => EmulatorInstaller.NodePath(Directory);

    public static Task EnsureInstalledAsync(CancellationToken cancellationToken) => Installed.Value.WaitAsync(cancellationToken);

    /// <summary>
    /// One `npm ci` in <paramref name="directory"/> unless it is installed from the current lock
    /// file already. Not cancelled by the test that happens to ask first: the others wait for it.
    /// </summary>
    internal static async Task InstallAsync(string directory)
    {
        try
        {
            await EmulatorInstaller.EnsureInstalledAsync(directory, NullLogger.Instance, CancellationToken.None);
        }
        catch (InvalidOperationException exception)
        {
            throw new InvalidOperationException(
                $"The tests could not install their npm packages in {directory} (Node.js and npm are prerequisites; "
                + $"`npm ci --prefix emulators` run by hand shows the same): {exception.Message}", exception);
        }
    }
}
