using Ingestion.Hosting.Emulators;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ingestion.Tests.Hosting;

/// <summary>
/// `dotnet test` runs the test projects in parallel and each may install the emulators: one
/// `npm ci` at a time in the shared folder, the others waiting and then finding it done.
/// </summary>
public sealed class EmulatorInstallLockTests
{
    [Fact]
    public async Task AnInstallWaitsWhileAnotherProcessHoldsTheLockAndThenFindsThePackagesInPlace()
    {
        var directory = Directory.CreateTempSubdirectory("install-lock-test-").FullName;
        try
        {
            await InstalledAsync(directory);
            // What another process installing holds; a second open of the file is refused as it would be across processes.
            using (new FileStream(Path.Combine(directory, InstallLock.FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
            {
                using var patience = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
                patience.CancelAfter(TimeSpan.FromSeconds(1));
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => EmulatorInstaller.EnsureInstalledAsync(directory, NullLogger.Instance, patience.Token));
            }

            // Released: installed already, so no npm runs (the folder has no package.json for it).
            await EmulatorInstaller.EnsureInstalledAsync(directory, NullLogger.Instance, TestContext.Current.CancellationToken);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>What a finished `npm ci` leaves: Node, and npm's record of the install no older than the lock file.</summary>
    private static async Task InstalledAsync(string directory)
    {
        var cancellation = TestContext.Current.CancellationToken;
        await File.WriteAllTextAsync(Path.Combine(directory, "package-lock.json"), "{}", cancellation);
        var node = EmulatorInstaller.NodePath(directory);
        Directory.CreateDirectory(Path.GetDirectoryName(node)!);
        await File.WriteAllTextAsync(node, "", cancellation);
        var marker = Path.Combine(directory, "node_modules", ".package-lock.json");
        await File.WriteAllTextAsync(marker, "{}", cancellation);
        File.SetLastWriteTimeUtc(marker, File.GetLastWriteTimeUtc(Path.Combine(directory, "package-lock.json")).AddSeconds(1));
    }
}
