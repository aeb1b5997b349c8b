using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Ingestion.Hosting.AWS.CloudFormation;

namespace Ingestion.Tests.Hosting;

// GetEnvironmentVariableValuesAsync evaluates a resource's environment callbacks without
// starting anything; its replacement (ExecutionConfigurationBuilder) needs a running app's services.
#pragma warning disable CS0618

/// <summary>
/// Every service exports its metrics every 10 s rather than Aspire's 1 s: each export of ten
/// services is work for the dashboard whether events flow or not (docs/internals.md, Telemetry
/// budget). A run can still ask for another interval through the services' environment.
/// The AppHost's Program is built as written; nothing starts.
/// </summary>
public sealed class MetricExportIntervalTests
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

    private static async Task<Dictionary<string, string?>> MetricExportIntervalsAsync(params string[] args)
    {
        using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Ingestion_AppHost>(
            [.. args, "--AppHost:ApiPort=0", "--Emulators:FauxqsPort=0", "--Emulators:DynalitePort=0", "--environment=Development"],
            TestContext.Current.CancellationToken);

        // The services' environment waits for the stack's outputs: hand it outputs, as a deployment would.
        var stack = builder.Resources.OfType<CloudFormationTemplateResource>().Single();
        stack.SetDeployed(new StackOutputs(stack.Template.Outputs.ToDictionary(output => output.Key, output => $"value-of-{output.Key}")));

        var intervals = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            var environment = await project.GetEnvironmentVariableValuesAsync(DistributedApplicationOperation.Run);
            intervals[project.Name] = environment.GetValueOrDefault("OTEL_METRIC_EXPORT_INTERVAL");
        }

        Assert.NotEmpty(intervals);
        return intervals;
    }
}
