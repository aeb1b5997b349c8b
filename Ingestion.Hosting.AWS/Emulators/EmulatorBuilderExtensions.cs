using Aspire.Hosting.ApplicationModel;
using Ingestion.Hosting.AWS.Emulators;
using Microsoft.Extensions.DependencyInjection;

namespace Aspire.Hosting;

/// <summary>
/// The local AWS emulators as executable resources: fauxqs (SNS, SQS, S3) and dynalite
/// (DynamoDB), from npm, run by the Node 22 that npm installs beside them, bound to 127.0.0.1
/// by our launchers (an emulator has no auth), each with a health check.
/// </summary>
public static class EmulatorBuilderExtensions
{
    /// <param name="emulatorsDirectory">The folder with package.json, the lock file and the launchers.</param>
    /// <param name="port">0 picks a free port; a taken port fails here with a clear message.</param>
    /// <param name="dataDirectory">When set, data survives restarts (fauxqs as SQLite, about 10× slower).</param>
    public static IResourceBuilder<ExecutableResource> AddFauxqs(
        this IDistributedApplicationBuilder builder, string name, string emulatorsDirectory, int port, string? dataDirectory = null)
    {
        var resolved = LoopbackPorts.Resolve(port, "Emulators:FauxqsPort");
        return builder.AddEmulator(name, emulatorsDirectory, "fauxqs-loopback.mjs", resolved)
            .WithEnvironment("FAUXQS_PORT", resolved.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithEnvironment("FAUXQS_BIND_HOST", "127.0.0.1")
            .WithDataDirectory("FAUXQS_DATA_DIR", dataDirectory, name)
            .WithHttpHealthCheck("/health");
    }

    public static IResourceBuilder<ExecutableResource> AddDynalite(
        this IDistributedApplicationBuilder builder, string name, string emulatorsDirectory, int port, string? dataDirectory = null)
    {
        var resolved = LoopbackPorts.Resolve(port, "Emulators:DynalitePort");
        var emulator = builder.AddEmulator(name, emulatorsDirectory, "dynalite-loopback.mjs", resolved)
            .WithEnvironment("DYNALITE_PORT", resolved.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithEnvironment("DYNALITE_HOST", "127.0.0.1")
            .WithDataDirectory("DYNALITE_PATH", dataDirectory, name);

        // dynalite has no health route: any answer from it proves it serves.
        var check = $"{name}-answers";
        builder.Services.AddHealthChecks().Add(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckRegistration(
            check, _ => new AnyHttpAnswerHealthCheck(new Uri($"http://127.0.0.1:{resolved}/")), failureStatus: null, tags: null));
        return emulator.WithHealthCheck(check);
    }

    private static IResourceBuilder<ExecutableResource> AddEmulator(
        this IDistributedApplicationBuilder builder, string name, string emulatorsDirectory, string launcher, int port)
    {
        var directory = Path.GetFullPath(emulatorsDirectory, builder.AppHostDirectory);
        return builder.AddExecutable(name, EmulatorInstaller.NodePath(directory), directory, "--no-warnings", launcher)
            // Not proxied: the services talk to the emulator directly, no extra hop per AWS call.
            .WithHttpEndpoint(port: port, targetPort: port, name: "http", isProxied: false)
            // First start of a fresh clone: `npm ci` from the lock file, before Node is looked for.
            .OnBeforeResourceStarted((_, started, cancellationToken) =>
                EmulatorInstaller.EnsureInstalledAsync(directory, started.Services.GetRequiredService<ResourceLoggerService>().GetLogger(name), cancellationToken));
    }

    private static IResourceBuilder<ExecutableResource> WithDataDirectory(
        this IResourceBuilder<ExecutableResource> emulator, string variable, string? dataDirectory, string name)
    {
        if (string.IsNullOrWhiteSpace(dataDirectory))
        {
            return emulator;
        }

        var path = Path.GetFullPath(Path.Combine(dataDirectory, name));
        Directory.CreateDirectory(path);
        return emulator.WithEnvironment(variable, path);
    }
}
