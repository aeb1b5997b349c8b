using Ingestion.Hosting.AWS.Provisioning;
using Ingestion.Tests.Provisioning.Fakes;
using Ingestion.Topology.Metadata;
using Ingestion.Hosting.AWS.Provisioning.Template;

namespace Ingestion.Tests.Provisioning;

public sealed class NeighbourhoodConsistencyTests
{
    /// <summary>A location the API accepts but the template has no queue for would reach no neighbourhood worker.</summary>
    [Fact]
    public async Task TheLocationsTheStackGivesTheApiAreExactlyItsNeighbourhoodQueues()
    {
        using var aws = new FakeAws();
        var result = await new EmulatorDeployer().DeployAsync(RepositoryFiles.Template, new Dictionary<string, string>(), aws.Clients, TestContext.Current.CancellationToken);
        var neighbourhoods = aws.Sns.Subscriptions
            .Where(s => s.Attributes.ContainsKey("FilterPolicy"))
            .Select(s => System.Text.Json.Nodes.JsonNode.Parse(s.Attributes["FilterPolicy"])!["location"])
            .Where(location => location is not null)
            .Select(location => location![0]!.GetValue<string>());

        Assert.Equal(result.Outputs.Outputs["NoiseLocations"].Split(',').Order(), neighbourhoods.Order());
        Assert.NotEmpty(WorkerMetadataReader.Read(CloudFormationTemplate.Load(RepositoryFiles.Template), result.Outputs.Outputs));
    }
}
