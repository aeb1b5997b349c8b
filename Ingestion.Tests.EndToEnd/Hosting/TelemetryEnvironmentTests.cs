using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Ingestion.Hosting.AWS.CloudFormation;

namespace Ingestion.Tests.Hosting;

// GetEnvironmentVariableValuesAsync evaluates a resource's environment callbacks without
// starting anything; its replacement (ExecutionConfigurationBuilder) needs a running app's services.
#pragma warning disable CS0618

/// <summary>
/// What the AppHost changes in the telemetry settings Aspire gives every service (docs/internals.md,
/// Telemetry budget): metrics every 10 s rather than 1 s, and no OTEL_TRACES_SAMPLER=always_on, so
/// the services' own cap on traces a second holds. A run can set either back through the services'
/// environment. The AppHost's Program is built as written; nothing starts.
/// </summary>
public sealed class TelemetryEnvironmentTests
{
    [Fact]
    public async Task EveryServiceExportsMetricsEveryTenSeconds()
    {
        var intervals = await MetricExportIntervalsAsync();

        Assert.Contains("api", intervals.Keys);
        Assert.Contains("worker-sourceB", intervals.Keys);
        Assert.All(intervals, service => Assert.Equal("10000", service.Value));
    }

    [Fact]
    public async Task TheServiceEnvironmentCanAskForAnotherInterval()
    {
        var intervals = await MetricExportIntervalsAsync("--AppHost:ServiceEnvironment:OTEL_METRIC_EXPORT_INTERVAL=1000");

        Assert.All(intervals, service => Assert.Equal("1000", service.Value));
    }

    [Fact]
    public async Task NoServiceIsToldToKeepEveryTraceSoItsOwnCapHolds()
    {
        var samplers = await EnvironmentAsync("OTEL_TRACES_SAMPLER");

        Assert.Contains("api", samplers.Keys);
        Assert.All(samplers, service => Assert.Null(service.Value));
    }

    [Fact]
    public async Task TheServiceEnvironmentCanChooseASampler()
    {
        var samplers = await EnvironmentAsync("OTEL_TRACES_SAMPLER", "--AppHost:ServiceEnvironment:OTEL_TRACES_SAMPLER=always_on");

        Assert.All(samplers, service => Assert.Equal("always_on", service.Value));
    }

    private static Task<Dictionary<string, string?>> MetricExportIntervalsAsync(params string[] args) => EnvironmentAsync("OTEL_METRIC_EXPORT_INTERVAL", args);

    private static async Task<Dictionary<string, string?>> EnvironmentAsync(string variable, params string[] args)
    {
        using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Ingestion_AppHost>(
            [.. args, "--AppHost:ApiPort=0", "--Emulators:FauxqsPort=0", "--Emulators:DynalitePort=0", "--environment=Development"],
            TestContext.Current.CancellationToken);

        // The services' environment waits for the stack's outputs: hand it outputs, as a deployment would.
        var stack = builder.Resources.OfType<CloudFormationTemplateResource>().Single();
        stack.SetDeployed(new StackOutputs(stack.Template.Outputs.ToDictionary(output => output.Key, output => $"value-of-{output.Key}")));

        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            var environment = await project.GetEnvironmentVariableValuesAsync(DistributedApplicationOperation.Run);
            values[project.Name] = environment.GetValueOrDefault(variable);
        }

        Assert.NotEmpty(values);
        return values;
    }
}
