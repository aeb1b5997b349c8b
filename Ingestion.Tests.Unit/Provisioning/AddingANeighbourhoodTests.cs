using System.Net;
using System.Text;
using Ingestion.Hosting.AWS.Provisioning;
using Ingestion.Hosting.AWS.Provisioning.Template;
using Ingestion.Tests.Api;
using Ingestion.Tests.Provisioning.Fakes;
using Ingestion.Tests.Support;
using Ingestion.Topology.Metadata;

namespace Ingestion.Tests.Provisioning;

/// <summary>
/// The documented recipe (one list entry), applied to the real template, yields the new
/// neighbourhood's queues, subscription and worker, and an API started from the stack's outputs
/// accepts its readings; nothing else changed.
/// </summary>
public sealed class AddingANeighbourhoodTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OneListEntryAddsTheQueuesTheSubscriptionTheWorkerAndTheAcceptedLocation()
    {
        var yaml = NeighbourhoodRecipe.AddNeighbourhood(await File.ReadAllTextAsync(RepositoryFiles.Template, Cancellation), "SouthShore");
        using var aws = new FakeAws();

        var template = CloudFormationTemplate.Parse(yaml);
        var result = await new EmulatorDeployer().DeployAsync(template, new Dictionary<string, string>(), aws.Clients, new StackContext(), Cancellation);

        var workers = WorkerMetadataReader.Read(template, result.Outputs.Outputs);
        var worker = Assert.Single(workers, w => w.Name == "noise-SouthShore");
        Assert.Equal(FakeSqsClient.UrlOf("ingestion-noise-SouthShore.fifo"), result.Outputs.Outputs[worker.QueueUrlOutput]);
        Assert.Equal(FakeSqsClient.UrlOf("ingestion-noise-SouthShore-dlq.fifo"), result.Outputs.Outputs[worker.DeadLetterQueueUrlOutput]);
        Assert.Null(worker.UndeliveredQueueUrlOutput);
        var (_, attributes) = aws.Sns.Subscriptions.Single(s => s.Subscription.Endpoint.EndsWith(":ingestion-noise-SouthShore.fifo", StringComparison.Ordinal));
        Assert.Equal("""{"source":["noise"],"location":["SouthShore"]}""", attributes["FilterPolicy"]);
        Assert.Single(workers, w => w.Name == "noise-Kenwood");
        Assert.Equal("HydePark,Woodlawn,Kenwood,SouthShore", result.Outputs.Outputs["NoiseLocations"]);

        Assert.Equal(HttpStatusCode.Accepted, await PostReadingAsync(result.Outputs.Outputs["NoiseLocations"], "SouthShore"));
        Assert.Equal(HttpStatusCode.BadRequest, await PostReadingAsync(result.Outputs.Outputs["NoiseLocations"], "Gotham"));
    }

    [Fact]
    public async Task TheNeighbourhoodsParameterDoesTheSameForOneDeployment()
    {
        using var aws = new FakeAws();

        var parameters = new Dictionary<string, string> { ["Neighbourhoods"] = "HydePark,SouthShore" };
        var result = await new EmulatorDeployer().DeployAsync(RepositoryFiles.Template, parameters, aws.Clients, Cancellation);

        var workers = WorkerMetadataReader.Read(CloudFormationTemplate.Load(RepositoryFiles.Template).WithParameterOverrides(parameters), result.Outputs.Outputs);
        Assert.Equal(["noise-HydePark", "noise-SouthShore"], workers.Select(w => w.Name).Where(n => n.StartsWith("noise-", StringComparison.Ordinal) && n is not ("noise-alerts" or "noise-statistics")));
        Assert.Equal("HydePark,SouthShore", result.Outputs.Outputs["NoiseLocations"]);
        Assert.DoesNotContain(aws.Sqs.Queues.Keys, url => url.Contains("Woodlawn", StringComparison.Ordinal));
    }

    private static async Task<HttpStatusCode> PostReadingAsync(string noiseLocations, string location)
    {
        await using var app = ApiHost.Build(new Api.FakeSnsClient(), new CapturedLogs(), new Dictionary<string, string?>
        {
            ["AWS:Resources:IngestionTopicArn"] = ApiHost.TopicArn,
            ["AWS:Resources:NoiseLocations"] = noiseLocations,
        });
        await app.StartAsync(Cancellation);
        using var client = Support.ApiKeyHeaders.Client(new Uri(app.Urls.Single()));
        var timestamp = ApiHost.Now.AddMinutes(-1).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        var body = $$$"""{"entity_name":"READING","body":{"location":"{{{location}}}","sensor":"01","timestamp":"{{{timestamp}}}","db":60}}""";
        using var response = await client.PostAsync(new Uri("/sources/noise/events", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"), Cancellation);
        Assert.True(response.StatusCode != HttpStatusCode.BadRequest || location == "Gotham", await response.Content.ReadAsStringAsync(Cancellation));
        return response.StatusCode;
    }
}
