using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Ingestion.Tests.Support;
using static Ingestion.Tests.EndToEnd.TopologyClient;
using static Ingestion.Tests.Support.EventBodies;

namespace Ingestion.Tests.EndToEnd;

[Collection(TopologyCollection.Name)]
public sealed class SupplyChainFlowTests(TopologyFixture topology)
{
    [Fact]
    public void EveryResourceOfTheTopologyIsRunningAndHealthy()
    {
        var resources = topology.VisibleResources();
        string[] workers = ["archive", "noise-HydePark", "noise-Kenwood", "noise-Woodlawn", "noise-alerts", "noise-statistics", "sourceA", "sourceB", "sourceC"];
        string[] expected = [
            "api", "dynalite", "fauxqs", "ingestion",
            .. workers.Select(w => $"worker-{w}"),
            .. workers.Select(w => $"ingestion-{w}"),
            .. workers.Select(w => $"ingestion-{w}-dlq"),
            // A neighbourhood's subscription dead-letters into its worker's dead-letter queue (see the template).
            .. workers.Where(w => w is not ("noise-HydePark" or "noise-Kenwood" or "noise-Woodlawn")).Select(w => $"ingestion-{w}-undelivered"),
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), resources.Select(r => r.Name).Order(StringComparer.Ordinal));
        foreach (var resource in resources)
        {
            Assert.True(topology.Notifications.TryGetCurrentState(resource.Name, out var state), $"no state for {resource.Name}");
            Assert.Equal($"{resource.Name}: Running/Healthy", $"{resource.Name}: {state.Snapshot.State?.Text}/{state.Snapshot.HealthStatus}");
        }
    }

    [Fact]
    public async Task EachSourcesEntityIsStoredWithItsPinnedIdAndEntityName()
    {
        var contractId = UniqueId("c");
        var milestoneId = UniqueId("m");
        var equipmentId = UniqueId("e");
        var contractEvent = (await topology.PostAcceptedAsync("sourceB", Contract(contractId)))[0];
        await topology.PostAcceptedAsync("sourceC", Milestone(milestoneId, contractId));
        await topology.PostAcceptedAsync("sourceA", Equipment(equipmentId, contractId));

        var contract = await topology.WaitForItemAsync($"CONTRACT#{contractId}");
        var milestone = await topology.WaitForItemAsync($"MILESTONE#{milestoneId}");
        var equipment = await topology.WaitForItemAsync($"EQUIPMENT#{equipmentId}");

        Assert.Equal("CONTRACT", contract["ENTITY_NAME"].S);
        Assert.Equal(contractEvent, contract["EVENT_ID"].S);
        Assert.Equal("Bridge", contract["contract_name"].S);
        Assert.Equal("MILESTONE", milestone["ENTITY_NAME"].S);
        Assert.Equal(contractId, milestone["contract_id"].S);
        Assert.Equal("EQUIPMENT", equipment["ENTITY_NAME"].S);
        Assert.Equal("sourceA", equipment["SOURCE"].S);
    }

    [Fact]
    public async Task AStoredItemReadsTheSameThroughAnIndependentAwsClient()
    {
        var contractId = UniqueId("c");
        await topology.PostAcceptedAsync("sourceB", Contract(contractId, status: "SUSPENDED"));
        await topology.WaitForItemAsync($"CONTRACT#{contractId}");

        var reply = await AwsJs.SendAsync("dynamodb", "GetItem", topology.DynaliteEndpoint, new JsonObject
        {
            ["TableName"] = topology.Outputs["DataStoreTableName"],
            ["ConsistentRead"] = true,
            ["Key"] = new JsonObject { ["ID"] = new JsonObject { ["S"] = $"CONTRACT#{contractId}" } },
        }, TestContext.Current.CancellationToken);

        Assert.Equal("SUSPENDED", reply["Item"]!["contract_status"]!["S"]!.GetValue<string>());
        Assert.Equal("CONTRACT", reply["Item"]!["ENTITY_NAME"]!["S"]!.GetValue<string>());
    }

    [Fact]
    public async Task ABatchIsStoredWholeInOneRequest()
    {
        var ids = Enumerable.Range(0, 25).Select(_ => UniqueId("c")).ToList();
        var batch = new JsonArray(ids.Select(id => (JsonNode)Contract(id)).ToArray());

        var eventIds = await topology.PostAcceptedAsync("sourceB", batch);

        Assert.Equal(25, eventIds.Distinct().Count());
        foreach (var id in ids)
        {
            await topology.WaitForItemAsync($"CONTRACT#{id}");
        }
    }
}
