using Aspire.Hosting.ApplicationModel;
using Ingestion.Hosting.AWS.CloudFormation;
using Ingestion.Hosting.AWS.Emulators;

namespace Ingestion.AppHost;

/// <summary>What every Ingestion service gets in this topology, written once.</summary>
internal static class ServiceConventions
{
    /// <summary>How often every service exports its metrics to the dashboard (Aspire's default is 1 s).</summary>
    private const string MetricExportIntervalMilliseconds = "10000";

    public static IResourceBuilder<ProjectResource> AddIngestionService<TProject>(
        this IDistributedApplicationBuilder builder, string name, int port, string portSetting, IResourceBuilder<CloudFormationTemplateResource> stack, AppHostSettings settings)
        where TProject : IProjectMetadata, new()
    {
        // Against a deployed stack the services are production services (API description behind the
        // admin key, no developer exception pages) whatever environment the AppHost itself runs in.
        var environment = settings.Aws.IsAws ? Microsoft.Extensions.Hosting.Environments.Production : builder.Environment.EnvironmentName;
        var service = builder.AddProject<TProject>(name, launchProfileName: null)
            // Loopback, not proxied: no extra hop per request. 0 picks a free port (the tests).
            .WithHttpEndpoint(port: LoopbackPorts.Resolve(port, portSetting), name: "http", isProxied: false)
            .WithEnvironment("DOTNET_ENVIRONMENT", environment)
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", environment)
            // The AppHost calls a service healthy when /health passes, and starts a crashed one again.
            .WithHttpHealthCheck("/health")
            .WithRestartOnCrash()
            .WithReference(stack)
            // Aspire asks for metrics every second; that alone kept the dashboard at ~4% of a core
            // with no events flowing (docs/internals.md, Telemetry budget). ServiceEnvironment can set it back.
            .WithEnvironment("OTEL_METRIC_EXPORT_INTERVAL", MetricExportIntervalMilliseconds);
        foreach (var (key, value) in settings.ServiceEnvironment)
        {
            service.WithEnvironment(key, value);
        }

        return service;
    }
}
