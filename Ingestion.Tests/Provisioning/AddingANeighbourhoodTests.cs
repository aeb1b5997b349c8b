using Ingestion.Hosting.AWS.Provisioning;
using Ingestion.Hosting.AWS.Provisioning.Template;
using Ingestion.Tests.Provisioning.Fakes;
using Ingestion.Tests.Support;

namespace Ingestion.Tests.Provisioning;

/// <summary>The documented recipe, applied to the real template, yields a valid stack with the new neighbourhood's worker.</summary>
public sealed class AddingANeighbourhoodTests
{
    [Fact]
    public async Task TheDocumentedStepsAddAQueueASubscriptionAndAWorker()
    {
        var yaml = NeighbourhoodRecipe.AddNeighbourhood(await File.ReadAllTextAsync(RepositoryFiles.Template, TestContext.Current.CancellationToken), "Kenwood", "SouthShore");
        using var aws = new FakeAws();

        var result = await new EmulatorDeployer().DeployAsync(CloudFormationTemplate.Parse(yaml), new Dictionary<string, string>(), aws.Clients, new StackContext(), TestContext.Current.CancellationToken);

        var worker = Assert.Single(result.Outputs.Workers, w => w.Name == "noise-SouthShore");
        Assert.Equal(FakeSqsClient.UrlOf("ingestion-noise-SouthShore.fifo"), result.Outputs.Outputs[worker.QueueUrlOutput]);
        var (_, attributes) = aws.Sns.Subscriptions.Single(s => s.Subscription.Endpoint.EndsWith(":ingestion-noise-SouthShore.fifo", StringComparison.Ordinal));
        Assert.Equal("""{"source":["noise"],"location":["SouthShore"]}""", attributes["FilterPolicy"]);
        Assert.Single(result.Outputs.Workers, w => w.Name == "noise-Kenwood");
    }
}
