using System.Net;
using System.Text.Json.Nodes;
using static Ingestion.Tests.EndToEnd.TopologyClient;
using static Ingestion.Tests.Support.EventBodies;

namespace Ingestion.Tests.EndToEnd;

/// <summary>What a 202 promises, tried as a producer would: updates apply in request order, and what DynamoDB cannot hold is refused up front.</summary>
[Collection(TopologyCollection.Name)]
public sealed class AcknowledgedMeansStoredTests(TopologyFixture topology)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheLastUpdateOfARequestIsTheOneStoredWhateverItsEventId()
    {
        var contractId = UniqueId("c");
        // Both events get the same received_at, and "e10-…" sorts before "e2-…": the order must come from the request.
        var draft = Contract(contractId, status: "DRAFT");
        draft["event_id"] = UniqueId("e2");
        var active = Contract(contractId, status: "ACTIVE");
        active["event_id"] = UniqueId("e10");

        var ids = await topology.PostAcceptedAsync("sourceB", new JsonArray(draft, active));

        var item = await topology.WaitForItemAsync($"CONTRACT#{contractId}", i => i["EVENT_ID"].S == ids[1]);
        Assert.Equal("ACTIVE", item["contract_status"].S);
    }

    [Fact]
    public async Task ANumberDynamoDbCannotHoldIsRefusedBefore202()
    {
        var reading = NoiseScenarioTests.Reading("HydePark", UniqueId("s"), DateTimeOffset.UtcNow, 91);
        var json = reading.ToJsonString().Replace("\"db\":91", "\"db\":91.00000000000000000000000000000000000001", StringComparison.Ordinal);

        using var response = await topology.Api.PostAsync("/sources/noise/events", new StringContent(json, System.Text.Encoding.UTF8, "application/json"), Cancellation);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync(Cancellation))!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(problem["errors"]!["body.db"]);
    }
}
