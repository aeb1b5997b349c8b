using System.Text.Json.Nodes;
using Ingestion.Tests.Support;
using static Ingestion.Tests.EndToEnd.TopologyClient;

namespace Ingestion.Tests.EndToEnd;

/// <summary>One event is one trace, HTTP POST → SNS publish → SQS → worker → DynamoDB, across processes.</summary>
[Collection(TopologyCollection.Name)]
public sealed class TracingTests(TopologyFixture topology)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OnePostedEventIsOneTraceFromTheHttpPostToTheDynamoDbWrite()
    {
        var contractId = UniqueId("c");
        var (traceId, eventId) = await topology.PostTracedAsync("sourceB", Contract(contractId));
        await topology.WaitForItemAsync($"CONTRACT#{contractId}");

        // Spans arrive in export batches, each process on its own schedule: wait until both
        // processes' spans are in (the API's server span and the worker's DynamoDB write).
        var spans = await Eventually.GetAsync(async () =>
        {
            var trace = await GetJsonAsync($"/api/traces/{traceId}");
            var all = trace?["spans"]?.AsArray().Select(s => s!.AsObject()).ToList();
            return all is not null && all.Any(IsDynamoDbWrite) && all.Any(s => Text(s, "kind") == "Server" && Text(s, "resource") == "api") ? all : null;
        }, TimeSpan.FromSeconds(30), $"trace {traceId} with its server span and DynamoDB write", Cancellation);

        var server = Assert.Single(spans, s => Text(s, "kind") == "Server" && Text(s, "resource") == "api");
        var publish = spans.First(s => Text(s, "kind") == "Producer" && Text(s, "resource") == "api");
        var process = Assert.Single(spans, s => Text(s, "kind") == "Consumer" && Text(s, "resource") == "worker-sourceB" && Text(s, "name").StartsWith("process", StringComparison.Ordinal));
        var write = spans.First(IsDynamoDbWrite);

        Assert.Equal("worker-sourceB", Text(write, "resource"));
        Assert.Contains(server, Ancestors(publish, spans));
        Assert.Contains(publish, Ancestors(process, spans));
        Assert.Contains(process, Ancestors(write, spans));
        Assert.Equal(eventId, process["attributes"]!["event_id"]!.GetValue<string>());
        Assert.Equal("sourceB", process["attributes"]!["source"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnEventIdFindsItsTrace()
    {
        var contractId = UniqueId("c");
        var (traceId, eventId) = await topology.PostTracedAsync("sourceB", Contract(contractId));

        var found = await Eventually.GetAsync(async () =>
        {
            var list = (await GetJsonAsync($"/api/traces?attr=event_id={eventId}"))?.AsArray();
            return list is { Count: > 0 } ? list : null;
        }, TimeSpan.FromSeconds(30), $"a trace with event_id {eventId}", Cancellation);

        Assert.Equal(traceId, Assert.Single(found)!["traceId"]!.GetValue<string>());
    }

    private async Task<JsonNode?> GetJsonAsync(string path)
    {
        using var response = await topology.Dashboard.GetAsync(path, Cancellation);
        return response.IsSuccessStatusCode ? JsonNode.Parse(await response.Content.ReadAsStringAsync(Cancellation)) : null;
    }

    private static bool IsDynamoDbWrite(JsonObject span) =>
        span["attributes"]?["db.operation.name"]?.GetValue<string>() == "PutItem" && Text(span, "kind") == "Client";

    private static string Text(JsonObject span, string field) => span[field]?.GetValue<string>() ?? string.Empty;

    private static List<JsonObject> Ancestors(JsonObject span, List<JsonObject> spans)
    {
        var ancestors = new List<JsonObject>();
        for (var parent = Text(span, "parentSpanId"); parent.Length > 0;)
        {
            var next = spans.FirstOrDefault(s => Text(s, "spanId") == parent);
            if (next is null)
            {
                break;
            }

            ancestors.Add(next);
            parent = Text(next, "parentSpanId");
        }

        return ancestors;
    }
}
