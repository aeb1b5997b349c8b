using System.Text.Json;
using Ingestion.Tests.Provisioning;

namespace Ingestion.Tests.Deployment;

/// <summary>
/// Starts a service as its container would start it. With <see cref="ImagesVariable"/> set (by
/// deploy/images/verify-offline.sh) it runs the unpacked image: its entrypoint, working directory,
/// environment and user from the image's config, under chroot (containers cannot run here). Without
/// it, the same entrypoint on this build's output: `dotnet &lt;Project&gt;.dll`, so the suite checks the
/// services' task behaviour on every run and the slow image step checks the images.
/// </summary>
internal sealed class TaskLauncher
{
    /// <summary>A directory holding &lt;image&gt;/rootfs and &lt;image&gt;/config.json (build-offline.sh's unpacked/).</summary>
    public const string ImagesVariable = "INGESTION_TASK_IMAGES";

    private readonly string? _images = Environment.GetEnvironmentVariable(ImagesVariable) is { Length: > 0 } images ? images : null;

    public bool RunsImages => _images is not null;

    /// <param name="image">ingestion-api or ingestion-worker.</param>
    /// <param name="project">Ingestion.Api or Ingestion.Workers: the build output used without images.</param>
    public TaskProcess Start(string image, string project, IReadOnlyDictionary<string, string> taskEnvironment)
    {
        if (_images is null)
        {
            var output = Path.Combine(RepositoryFiles.Root, project, "bin", BuildConfiguration, "net10.0");
            var dotnet = Path.Combine(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "..", "..", "..", "dotnet");
            var environment = new Dictionary<string, string>(taskEnvironment) { ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin" };
            return TaskProcess.Start(Path.GetFullPath(dotnet), [Path.Combine(output, project + ".dll")], output, environment);
        }

        var config = ImageConfig.Read(Path.Combine(_images, image, "config.json"));
        var rootfs = Path.Combine(_images, image, "rootfs");
        var imageEnvironment = config.Environment.ToDictionary(entry => entry.Split('=', 2)[0], entry => entry.Split('=', 2)[1], StringComparer.Ordinal);
        foreach (var (key, value) in taskEnvironment)
        {
            imageEnvironment[key] = value;
        }

        var user = config.User.Contains(':', StringComparison.Ordinal) ? config.User : $"{config.User}:{config.User}";
        // chroot then `env -C <WorkingDir>` from the image: the entrypoint runs as the image's user, in its directory, as the same process.
        return TaskProcess.Start("/usr/sbin/chroot", [$"--userspec={user}", rootfs, "/usr/bin/env", "-C", config.WorkingDirectory, .. config.Entrypoint], "/", imageEnvironment);
    }

    private static string BuildConfiguration => new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
}

/// <summary>The parts of an image's config (the OCI/Docker image config's <c>config</c>) a container runtime uses to start it.</summary>
internal sealed record ImageConfig(IReadOnlyList<string> Entrypoint, string WorkingDirectory, string User, IReadOnlyList<string> Environment, IReadOnlyList<string> ExposedPorts)
{
    public static ImageConfig Read(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var config = document.RootElement.GetProperty("config");
        return new ImageConfig(
            Strings(config, "Entrypoint"),
            config.TryGetProperty("WorkingDir", out var directory) ? directory.GetString() ?? "/" : "/",
            config.TryGetProperty("User", out var user) ? user.GetString() ?? string.Empty : string.Empty,
            Strings(config, "Env"),
            config.TryGetProperty("ExposedPorts", out var ports) ? [.. ports.EnumerateObject().Select(port => port.Name)] : []);
    }

    private static List<string> Strings(JsonElement config, string name) =>
        config.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray().Select(item => item.GetString()!)] : [];
}
