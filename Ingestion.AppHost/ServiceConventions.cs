using Aspire.Hosting.ApplicationModel;
using Ingestion.Hosting.AWS.CloudFormation;
using Ingestion.Hosting.Emulators;
using Ingestion.Topology.Metadata;

namespace Ingestion.AppHost;

/// <summary>What every Ingestion service gets in this topology, written once.</summary>
internal static class ServiceConventions
{
    /// <summary>How often every service exports its metrics to the dashboard (Aspire's default is 1 s).</summary>
    private const string MetricExportIntervalMilliseconds = "10000";

    private const string AspireTracesSampler = "OTEL_TRACES_SAMPLER";

    public static IResourceBuilder<ProjectResource> AddIngestionService<TProject>(
        this IDistributedApplicationBuilder builder, string name, int port, string portSetting, int replicas, IResourceBuilder<CloudFormationTemplateResource> stack, AppHostSettings settings)
        where TProject : IProjectMetadata, new()
    {
        // Against a deployed stack the services are production services (API description behind the
        // admin key, no developer exception pages) whatever environment the AppHost itself runs in.
        var environment = settings.Aws.IsAws ? Microsoft.Extensions.Hosting.Environments.Production : builder.Environment.EnvironmentName;
        var service = builder.AddProject<TProject>(name, launchProfileName: null)
            // Loopback, not proxied: no extra hop per request. 0 picks a free port (the tests). Replicas
            // cannot share a port, so then DCP's proxy listens on it and spreads connections over them,
            // each replica on a free port of its own.
            .WithHttpEndpoint(port: LoopbackPorts.Resolve(port, portSetting), name: "http", isProxied: replicas > 1)
            .WithEnvironment("DOTNET_ENVIRONMENT", environment)
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", environment)
            // The AppHost calls a service healthy when /health passes, and starts a crashed one again.
            .WithHttpHealthCheck("/health")
            .WithRestartOnCrash()
            .WithReference(stack)
            // Aspire asks for metrics every second; that alone kept the dashboard at ~4% of a core
            // with no events flowing (docs/internals.md, Telemetry budget). ServiceEnvironment can set it back.
            .WithEnvironment("OTEL_METRIC_EXPORT_INTERVAL", MetricExportIntervalMilliseconds)
            // Aspire sets always_on, which would keep every trace of a load test: the services cap
            // their own traces a second (Telemetry:MaxTracesPerSecond). ServiceEnvironment can set it again.
            .WithEnvironment(context => context.EnvironmentVariables.Remove(AspireTracesSampler));
        if (replicas > 1)
        {
            // One process stays exactly as before: no replica annotation at all.
            service.WithReplicas(replicas);
        }

        foreach (var (key, value) in settings.ServiceEnvironment)
        {
            service.WithEnvironment(key, value);
        }

        return service;
    }

    /// <summary>
    /// The API's replicas count themselves in the table to share each source's rate limit; this is
    /// the count each divides by while the table cannot answer (as the ECS task gets its most tasks).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithSharedRateLimit(this IResourceBuilder<ProjectResource> api, int replicas) =>
        replicas > 1 ? api.WithEnvironment(ApiEnvironment.RateLimitInstances, replicas.ToString(System.Globalization.CultureInfo.InvariantCulture)) : api;
}
