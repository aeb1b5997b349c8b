namespace Ingestion.Tests.Support;

/// <summary>The tests' own install step: what a new user sees when npm cannot install the packages.</summary>
public sealed class NpmPackagesTests
{
    [Fact]
    public async Task AFailedInstallNamesTheFolderAndNpmsOwnError()
    {
        var directory = Directory.CreateTempSubdirectory("npm-packages-test-").FullName;
        try
        {
            // A package.json without its lock file: `npm ci` refuses at once, offline.
            await File.WriteAllTextAsync(Path.Combine(directory, "package.json"), """{"name":"no-lock","private":true}""", TestContext.Current.CancellationToken);

            var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => NpmPackages.InstallAsync(directory));

            Assert.Contains($"could not install their npm packages in {directory}", failure.Message, StringComparison.Ordinal);
            Assert.Contains("package-lock.json", failure.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
