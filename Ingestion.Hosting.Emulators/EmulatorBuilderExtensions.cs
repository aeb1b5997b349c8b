using Aspire.Hosting.ApplicationModel;
using Ingestion.Hosting.Emulators;
using Microsoft.Extensions.DependencyInjection;

namespace Aspire.Hosting;

/// <summary>
/// The local AWS emulators as resources of their own: <see cref="FauxqsResource"/> (SNS, SQS, S3)
/// and <see cref="DynaliteResource"/> (DynamoDB), from npm, run by the Node 22 that npm installs beside them, bound to 127.0.0.1
/// by our launchers (an emulator has no auth), each with a health check.
/// </summary>
public static class EmulatorBuilderExtensions
{
    /// <param name="emulatorsDirectory">The folder with package.json, the lock file and the launchers.</param>
    /// <param name="port">0 picks a free port; a taken port fails here with a clear message.</param>
    /// <param name="dataDirectory">When set, data survives restarts (fauxqs as SQLite, about 10× slower).</param>
    public static IResourceBuilder<FauxqsResource> AddFauxqs(
        this IDistributedApplicationBuilder builder, string name, string emulatorsDirectory, int port, string? dataDirectory = null)
    {
        var resolved = LoopbackPorts.Resolve(port, EmulatorOptions.FauxqsPortKey);
        return builder.AddEmulator(new FauxqsResource(name, NodeOf(builder, emulatorsDirectory), DirectoryOf(builder, emulatorsDirectory)), "fauxqs-loopback.mjs", resolved)
            .WithEnvironment("FAUXQS_PORT", resolved.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithEnvironment("FAUXQS_BIND_HOST", "127.0.0.1")
            .WithDataDirectory("FAUXQS_DATA_DIR", dataDirectory, name)
            .WithHttpHealthCheck("/health");
    }

    public static IResourceBuilder<DynaliteResource> AddDynalite(
        this IDistributedApplicationBuilder builder, string name, string emulatorsDirectory, int port, string? dataDirectory = null)
    {
        var resolved = LoopbackPorts.Resolve(port, EmulatorOptions.DynalitePortKey);
        var emulator = builder.AddEmulator(new DynaliteResource(name, NodeOf(builder, emulatorsDirectory), DirectoryOf(builder, emulatorsDirectory)), "dynalite-loopback.mjs", resolved)
            .WithEnvironment("DYNALITE_PORT", resolved.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithEnvironment("DYNALITE_HOST", "127.0.0.1")
            .WithDataDirectory("DYNALITE_PATH", dataDirectory, name);

        // dynalite has no health route: any answer from it proves it serves.
        var check = $"{name}-answers";
        builder.Services.AddHealthChecks().Add(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckRegistration(
            check, _ => new AnyHttpAnswerHealthCheck(new Uri($"http://127.0.0.1:{resolved}/")), failureStatus: null, tags: null));
        return emulator.WithHealthCheck(check);
    }

    private static IResourceBuilder<T> AddEmulator<T>(this IDistributedApplicationBuilder builder, T emulator, string launcher, int port)
        where T : EmulatorResource
    {
        var directory = emulator.WorkingDirectory;
        return builder.AddResource(emulator)
            .WithArgs("--no-warnings", launcher)
            // Not proxied: the services talk to the emulator directly, no extra hop per AWS call.
            .WithHttpEndpoint(port: port, targetPort: port, name: EmulatorResource.EndpointName, isProxied: false)
            // First start of a fresh clone: `npm ci` from the lock file, before Node is looked for.
            .OnBeforeResourceStarted((_, started, cancellationToken) =>
                EmulatorInstaller.EnsureInstalledAsync(directory, started.Services.GetRequiredService<ResourceLoggerService>().GetLogger(emulator.Name), cancellationToken));
    }

    private static string DirectoryOf(IDistributedApplicationBuilder builder, string emulatorsDirectory) =>
        Path.GetFullPath(emulatorsDirectory, builder.AppHostDirectory);

    private static string NodeOf(IDistributedApplicationBuilder builder, string emulatorsDirectory) =>
        EmulatorInstaller.NodePath(DirectoryOf(builder, emulatorsDirectory));

    private static IResourceBuilder<T> WithDataDirectory<T>(
        this IResourceBuilder<T> emulator, string variable, string? dataDirectory, string name)
        where T : EmulatorResource
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
