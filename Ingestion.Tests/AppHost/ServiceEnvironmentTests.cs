using Ingestion.AppHost.Hosting;
using Ingestion.AppHost.Model;

namespace Ingestion.Tests.AppHost;

public sealed class ServiceEnvironmentTests
{
    private static readonly Dictionary<string, string> Common = new() { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:18890" };

    [Fact]
    public void AProjectListensOnLoopbackAndNamesItselfForTelemetry()
    {
        var project = new ProjectResource("worker-sourceA", ServiceProjects.Workers, 40123);

        var environment = project.BuildEnvironment(Common);

        Assert.Equal("http://127.0.0.1:40123", environment["ASPNETCORE_URLS"]);
        Assert.Equal("worker-sourceA", environment["OTEL_SERVICE_NAME"]);
        Assert.Equal("http://127.0.0.1:18890", environment["OTEL_EXPORTER_OTLP_ENDPOINT"]);
    }

    [Fact]
    public void AReferenceToAnotherProjectInjectsItsServiceDiscoveryEndpoint()
    {
        var api = new ProjectResource("api", ServiceProjects.Api, 5080);
        var client = new ProjectResource("loadgen", ServiceProjects.Api, 40000).WithReference(api);

        var environment = client.BuildEnvironment(Common);

        Assert.Equal("http://127.0.0.1:5080/", environment["services__api__http__0"]);
    }

    [Fact]
    public void LocalAwsGivesEveryServiceTheEmulatorEndpointsAndRegion()
    {
        var aws = new AwsEnvironment("us-east-1", new Uri("http://127.0.0.1:4566"), new Uri("http://127.0.0.1:8000"));

        var environment = aws.ServiceEnvironment();

        Assert.Equal("us-east-1", environment["AWS__Region"]);
        Assert.Equal("http://127.0.0.1:4566/", environment["AWS__Endpoints__SNS"]);
        Assert.Equal("http://127.0.0.1:4566/", environment["AWS__Endpoints__SQS"]);
        Assert.Equal("http://127.0.0.1:8000/", environment["AWS__Endpoints__DynamoDB"]);
    }

    [Fact]
    public void RealAwsGivesNoEndpointsAndNoKeys()
    {
        var environment = new AwsEnvironment("eu-west-1", null, null).ServiceEnvironment();

        Assert.Equal("eu-west-1", environment["AWS__Region"]);
        Assert.DoesNotContain(environment.Keys, key => key.StartsWith("AWS__Endpoints", StringComparison.Ordinal));
        Assert.DoesNotContain("AWS_ACCESS_KEY_ID", environment.Keys);
    }

    [Fact]
    public void AWorkerIsToldItsNameAndItsQueueFromTheStackOutputs()
    {
        var stackOutputs = new StackOutputs(
            new Dictionary<string, string> { ["SourceAQueueUrl"] = "http://queue-a", ["SourceADeadLetterQueueUrl"] = "http://dlq-a" },
            [new WorkerDeclaration("sourceA", "SourceAQueueUrl", "SourceADeadLetterQueueUrl")]);
        var project = new ProjectResource("worker-sourceA", ServiceProjects.Workers, 40124)
            .WithWorker(stackOutputs.Workers[0], stackOutputs);

        var environment = project.BuildEnvironment(Common);

        Assert.Equal("sourceA", environment["Worker__Name"]);
        Assert.Equal("http://queue-a", environment["Worker__QueueUrl"]);
    }
}
