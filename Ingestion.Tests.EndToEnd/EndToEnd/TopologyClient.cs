using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;

namespace Ingestion.Tests.EndToEnd;

/// <summary>What the end-to-end tests do through the system's public surfaces: POST to the API, read the table.</summary>
public static class TopologyClient
{
    public static readonly TimeSpan StoreTimeout = TimeSpan.FromSeconds(30);

    public static async Task<HttpResponseMessage> PostAsync(this TopologyFixture topology, string source, JsonNode events, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/sources/{source}/events") { Content = JsonContent.Create(events) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await topology.Api.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>Posts and asserts 202; returns the event ids in order.</summary>
    public static async Task<IReadOnlyList<string>> PostAcceptedAsync(this TopologyFixture topology, string source, JsonNode events, string? idempotencyKey = null)
    {
        using var response = await topology.PostAsync(source, events, idempotencyKey);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, $"Expected 202, got {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!["events"]!.AsArray().Select(e => e!["event_id"]!.GetValue<string>()).ToList();
    }

    /// <summary>Posts one event (202 expected) and returns its trace id and event id.</summary>
    public static async Task<(string TraceId, string EventId)> PostTracedAsync(this TopologyFixture topology, string source, JsonNode @event)
    {
        using var response = await topology.PostAsync(source, @event);
        var accepted = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        // The test topology keeps every trace, and the answer says this one was.
        Assert.True(accepted["traced"]!.GetValue<bool>());
        return (accepted["trace_id"]!.GetValue<string>(), accepted["events"]![0]!["event_id"]!.GetValue<string>());
    }

    /// <summary>Starts a replay (202 expected) and follows it at its Location until it has finished; returns its last status.</summary>
    public static async Task<JsonNode> ReplayAsync(this TopologyFixture topology, JsonObject request)
    {
        using var response = await topology.Api.PostAsJsonAsync("/replay", request, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, $"Expected 202, got {(int)response.StatusCode}: {body}");
        var location = response.Headers.Location ?? throw new InvalidOperationException("202 without a Location");
        var status = await Support.Eventually.GetAsync(
            async () => JsonNode.Parse(await topology.Api.GetStringAsync(location, TestContext.Current.CancellationToken)) is { } node
                && node["state"]!.GetValue<string>() is "completed" or "failed" ? node : null,
            StoreTimeout, $"replay {location} to finish", TestContext.Current.CancellationToken);
        Assert.True(status["state"]!.GetValue<string>() == "completed", status.ToJsonString());
        return status;
    }

    public static async Task<Dictionary<string, AttributeValue>?> GetItemAsync(this TopologyFixture topology, string id)
    {
        var response = await topology.DynamoDb.GetItemAsync(new GetItemRequest
        {
            TableName = topology.Outputs["DataStoreTableName"],
            Key = new() { ["ID"] = new AttributeValue { S = id } },
            ConsistentRead = true,
        }, TestContext.Current.CancellationToken);
        return response.IsItemSet ? response.Item : null;
    }

    /// <summary>Waits until the item exists and satisfies <paramref name="condition"/> (default: exists).</summary>
    public static Task<Dictionary<string, AttributeValue>> WaitForItemAsync(
        this TopologyFixture topology, string id, Func<Dictionary<string, AttributeValue>, bool>? condition = null) =>
        Support.Eventually.GetAsync(
            async () => await topology.GetItemAsync(id) is { } item && (condition?.Invoke(item) ?? true) ? item : null,
            StoreTimeout,
            $"item {id} in the datastore",
            TestContext.Current.CancellationToken);
}
