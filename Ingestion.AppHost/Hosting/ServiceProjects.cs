using System.Reflection;

namespace Ingestion.AppHost.Hosting;

/// <summary>
/// Where the services' build output is. The AppHost's csproj builds the services with it and
/// records their paths as assembly metadata, so the AppHost starts each with `dotnet &lt;dll&gt;`
/// (one build for everything) instead of one `dotnet run` per process.
/// </summary>
public static class ServiceProjects
{
    public const string Api = "Ingestion.Api";
    public const string Workers = "Ingestion.Workers";

    public static string RepositoryRoot => Metadata("RepositoryRoot");

    public static string AssemblyPath(string project)
    {
        var path = Metadata("ServiceProject:" + project);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{project} has not been built: {path} is missing. Build the solution (dotnet build) and start again.", path);
    }

    /// <summary>The dotnet host: the one running us when known (dotnet run/test set DOTNET_HOST_PATH), else PATH's.</summary>
    public static string DotNetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
            ? host
            : Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";

    private static string Metadata(string key) =>
        typeof(ServiceProjects).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"The AppHost was built without the '{key}' metadata (see EmbedServiceProjectPaths in its csproj).");
}
