namespace Ingestion.Tests.Provisioning;

/// <summary>Files of the repository the tests run from, found by walking up to Ingestion.sln.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string Template => Path.Combine(Root, "cloudformation", "ingestion.yaml");

    public static string EmulatorModules => Path.Combine(Root, "emulators", "node_modules");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Ingestion.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Ingestion.sln above {AppContext.BaseDirectory}.");
    }
}
