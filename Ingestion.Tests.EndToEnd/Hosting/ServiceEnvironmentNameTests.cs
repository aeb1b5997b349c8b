using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Ingestion.Hosting.AWS.CloudFormation;
using Ingestion.Topology.Metadata;

namespace Ingestion.Tests.Hosting;

// GetEnvironmentVariableValuesAsync evaluates a resource's environment callbacks without
// starting anything; its replacement (ExecutionConfigurationBuilder) needs a running app's services.
#pragma warning disable CS0618

/// <summary>
/// The environment the AppHost gives its services: its own locally (Development: /openapi and
/// /scalar open), Production against a deployed stack, where the API description needs the admin key.
/// The AppHost's Program is built as written; nothing starts.
/// </summary>
public sealed class ServiceEnvironmentNameTests
{
    [Fact]
    public async Task AgainstADeployedStackEveryServiceRunsAsProduction()
    {
        var environments = await ServiceEnvironmentsAsync("--target", "aws");

        Assert.All(environments, service =>
        {
            Assert.Equal("Production", service.Value.Dotnet);
            Assert.Equal("Production", service.Value.AspNetCore);
        });
        Assert.Contains("api", environments.Keys);
        Assert.Contains("worker-sourceA", environments.Keys);
    }

    [Fact]
    public async Task LocallyTheServicesRunInTheAppHostsEnvironment()
    {
        var environments = await ServiceEnvironmentsAsync();

        Assert.All(environments, service => Assert.Equal("Development", service.Value.AspNetCore));
    }

    private static async Task<Dictionary<string, (string? Dotnet, string? AspNetCore)>> ServiceEnvironmentsAsync(params string[] args)
    {
        using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Ingestion_AppHost>(
            [.. args, "--AppHost:ApiPort=0", "--Emulators:FauxqsPort=0", "--Emulators:DynalitePort=0", "--environment=Development"],
            TestContext.Current.CancellationToken);
        Assert.Equal("Development", builder.Environment.EnvironmentName);

        // The services' environment waits for the stack's outputs: hand it outputs, as a deployment would.
        var stack = builder.Resources.OfType<CloudFormationTemplateResource>().Single();
        stack.SetDeployed(new StackOutputs(stack.Template.Outputs.ToDictionary(output => output.Key, output => $"value-of-{output.Key}")));

        var services = new Dictionary<string, (string?, string?)>(StringComparer.Ordinal);
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            var environment = await project.GetEnvironmentVariableValuesAsync(DistributedApplicationOperation.Run);
            services[project.Name] = (environment.GetValueOrDefault("DOTNET_ENVIRONMENT"), environment.GetValueOrDefault("ASPNETCORE_ENVIRONMENT"));
        }

        Assert.NotEmpty(services);
        return services;
    }
}
