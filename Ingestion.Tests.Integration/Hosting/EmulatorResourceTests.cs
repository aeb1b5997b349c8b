using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Ingestion.Hosting.Emulators;

namespace Ingestion.Tests.Hosting;

// GetEnvironmentVariableValuesAsync evaluates a resource's environment callbacks without
// starting anything; its replacement (ExecutionConfigurationBuilder) needs a running app's services.
#pragma warning disable CS0618

/// <summary>How the AppHost declares the emulators: loopback, not proxied, on the given port, data kept only when asked.</summary>
public sealed class EmulatorResourceTests
{
    [Fact]
    public async Task FauxqsBindsLoopbackOnItsPortAndKeepsDataWhereItIsTold()
    {
        var port = LoopbackPorts.Free();
        var data = Directory.CreateTempSubdirectory("ingestion-emulator-data-").FullName;
        try
        {
            var builder = DistributedApplication.CreateBuilder();
            var fauxqs = builder.AddFauxqs("fauxqs", "../emulators", port, data);

            var environment = await fauxqs.Resource.GetEnvironmentVariableValuesAsync(DistributedApplicationOperation.Run);

            Assert.Equal(port.ToString(System.Globalization.CultureInfo.InvariantCulture), environment["FAUXQS_PORT"]);
            Assert.Equal("127.0.0.1", environment["FAUXQS_BIND_HOST"]);
            Assert.Equal(Path.Combine(data, "fauxqs"), environment["FAUXQS_DATA_DIR"]);
            var endpoint = Assert.Single(fauxqs.Resource.Annotations.OfType<EndpointAnnotation>());
            Assert.False(endpoint.IsProxied);
            Assert.Equal(port, endpoint.Port);
            Assert.Single(fauxqs.Resource.Annotations.OfType<HealthCheckAnnotation>());
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task DynaliteIsInMemoryUnlessADataDirectoryIsGiven()
    {
        var builder = DistributedApplication.CreateBuilder();
        var dynalite = builder.AddDynalite("dynalite", "../emulators", LoopbackPorts.Free());

        var environment = await dynalite.Resource.GetEnvironmentVariableValuesAsync(DistributedApplicationOperation.Run);

        Assert.False(environment.ContainsKey("DYNALITE_PATH"));
        Assert.Equal("127.0.0.1", environment["DYNALITE_HOST"]);
        Assert.Single(dynalite.Resource.Annotations.OfType<HealthCheckAnnotation>());
    }

    [Fact]
    public void ATakenPortIsAClearErrorBeforeAnythingStarts()
    {
        using var occupant = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((System.Net.IPEndPoint)occupant.LocalEndpoint).Port;
        var builder = DistributedApplication.CreateBuilder();

        var error = Assert.Throws<PortInUseException>(() => builder.AddDynalite("dynalite", "../emulators", port));

        Assert.Contains("Emulators:DynalitePort", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheStackDeploysIntoTheEmulatorsItIsGivenAtTheirLoopbackEndpoints()
    {
        var builder = DistributedApplication.CreateBuilder();
        var fauxqsPort = LoopbackPorts.Free();
        var fauxqs = builder.AddFauxqs("fauxqs", "../emulators", fauxqsPort);
        var dynalite = builder.AddDynalite("dynalite", "../emulators", LoopbackPorts.Free());

        var stack = builder.AddAWSCloudFormationTemplate("ingestion", Provisioning.RepositoryFiles.Template).DeployIntoEmulators(fauxqs, dynalite, "eu-west-1");

        Assert.Equal(fauxqs.Resource.Url, stack.Resource.Environment!.SnsSqsS3Endpoint);
        Assert.Equal(dynalite.Resource.Url, stack.Resource.Environment.DynamoDbEndpoint);
        Assert.Equal(new Uri($"http://127.0.0.1:{fauxqsPort}"), fauxqs.Resource.Url);
        Assert.Equal("eu-west-1", stack.Resource.Environment.Region);
    }
}
