namespace Ingestion.Hosting.Emulators;

/// <summary>
/// One `npm ci` at a time across the processes that share emulators/: `dotnet test` runs the test
/// projects in parallel, and an AppHost may be starting beside them. An exclusive lock on a file
/// there (flock on Linux), released when its holder closes it or dies.
/// </summary>
internal static class InstallLock
{
    public const string FileName = ".install.lock";

    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(250);

    public static async Task<IDisposable> AcquireAsync(string emulatorsDirectory, CancellationToken cancellationToken)
    {
        var path = Path.Combine(emulatorsDirectory, FileName);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException exception) when (exception is not (DirectoryNotFoundException or FileNotFoundException))
            {
                // Another process is installing: wait for it, then find the packages in place.
                await Task.Delay(RetryInterval, cancellationToken);
            }
        }
    }
}
