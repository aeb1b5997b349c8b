using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Ingestion.Hosting.Emulators;
using Ingestion.Tests.Deployment;
using Ingestion.Tests.Support;
using static Ingestion.Tests.Support.EventBodies;

namespace Ingestion.Tests.Chaos;

/// <summary>
/// Issue 15, defect 1, on the real emulators: SNS failing single entries of a PublishBatch
/// (<c>Chaos:SNS:FailedEntryRate</c>) while requests hold several updates of the same contracts, and
/// the producer resending each 503 with the same event ids as the README says. Every contract ends at
/// the last update of its last request, every event is stored (its applied record names it), and each
/// contract's events were applied under increasing orders in the order they were sent.
/// The API and sourceB's worker run as their tasks do (<see cref="TaskEnvironment"/>), read back
/// through the AWS SDK for JavaScript.
/// </summary>
public sealed class PartialPublishBatchFailureTests(TaskEnvironment aws, ITestOutputHelper output) : IClassFixture<TaskEnvironment>
{
    private const int Contracts = 4;
    private const int UpdatesPerContract = 3;

    // At least this many requests, and more until some entry has failed (a request of 12 entries passes
    // whole with probability 0.9^12, about 0.28, so 30 requests without a failure is about 1e-17).
    private const int MinRequests = 4;
    private const int MaxRequests = 30;

    // A resend goes out whole (the README's advice), so it too passes whole only about 0.28 of the time.
    private const int MaxSends = 60;
    private static readonly string[] Statuses = ["DRAFT", "ACTIVE", "SUSPENDED", "COMPLETED"];

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EntriesFailingOneByOneAndResentLeaveEveryEventStoredAndEachContractAtItsLastUpdate()
    {
        var launcher = new TaskLauncher();
        var apiPort = LoopbackPorts.Free();
        var apiEnvironment = new Dictionary<string, string>(aws.ApiEnvironment(apiPort), StringComparer.Ordinal)
        {
            // One entry in ten of every PublishBatch fails with SNS's throttling code.
            ["Chaos__SNS__FailedEntryRate"] = "0.1",
        };
        await using var api = launcher.Start("ingestion-api", "Ingestion.Api", apiEnvironment);
        await using var worker = launcher.Start("ingestion-worker", "Ingestion.Workers", aws.WorkerEnvironment("sourceB", LoopbackPorts.Free()));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{apiPort}") };
        await WaitHealthyAsync(http, api);

        var contractIds = Enumerable.Range(0, Contracts).Select(_ => UniqueId("partial")).ToArray();
        var eventIds = new List<string>();
        var lastEventIds = new string[Contracts];
        var acknowledgedOrder = Enumerable.Range(0, Contracts).Select(_ => new List<string>()).ToArray();
        var refusals = 0;
        var request = 0;
        for (; request < MinRequests || (refusals == 0 && request < MaxRequests); request++)
        {
            // Each contract's updates sit side by side in one request: one PublishBatch could hold several of them.
            var events = new JsonArray();
            for (var update = 0; update < UpdatesPerContract; update++)
            {
                for (var index = 0; index < Contracts; index++)
                {
                    var @event = Contract(contractIds[index], Statuses[(request + update) % Statuses.Length], $"request {request} update {update}");
                    var eventId = UniqueId($"ev{request}{update}");
                    @event["event_id"] = eventId;
                    events.Add(@event);
                    eventIds.Add(eventId);
                    lastEventIds[index] = eventId;
                    acknowledgedOrder[index].Add(eventId);
                }
            }

            refusals += await SendUntilAcceptedAsync(http, events.ToJsonString(), api);
        }

        output.WriteLine($"{eventIds.Count} events in {request} requests; {refusals} answers were 503 and resent");
        Assert.True(refusals > 0, "no PublishBatch entry failed: the fault was not injected");

        var table = aws.Stack.Outputs["DataStoreTableName"];
        for (var index = 0; index < Contracts; index++)
        {
            var id = $"CONTRACT#{contractIds[index]}";
            var item = await Eventually.GetAsync(
                async () =>
                {
                    Assert.False(worker.HasExited, $"the worker exited:\n{worker.Output}");
                    var found = (await AwsJs.SendAsync("dynamodb", "GetItem", aws.DynamoDbEndpoint, new JsonObject
                    {
                        ["TableName"] = table,
                        ["Key"] = new JsonObject { ["ID"] = new JsonObject { ["S"] = id } },
                        ["ConsistentRead"] = true,
                    }, Cancellation))["Item"];
                    return found?["EVENT_ID"]?["S"]?.GetValue<string>() == lastEventIds[index] ? found : null;
                },
                TimeSpan.FromMinutes(2), $"{id} at its last update {lastEventIds[index]}", Cancellation);
            Assert.Equal($"request {request - 1} update {UpdatesPerContract - 1}", item["contract_name"]!["S"]!.GetValue<string>());
        }

        var applied = await AppliedOrdersAsync(table);
        var missing = eventIds.Where(id => !applied.ContainsKey(id)).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} of {eventIds.Count} accepted events never stored: {string.Join(", ", missing.Take(10))}");

        // Never reordered, not even for a moment later overwritten: each contract's events were applied
        // under increasing orders, in the order they were sent (an older one applied after a newer one
        // would carry the higher order, whatever the item holds in the end).
        foreach (var events in acknowledgedOrder)
        {
            var orders = events.Select(id => applied[id]).ToList();
            Assert.True(orders.Zip(orders.Skip(1)).All(pair => string.CompareOrdinal(pair.First, pair.Second) < 0),
                $"applied out of order: {string.Join(", ", events.Zip(orders, (id, order) => $"{id}@{order}"))}");
        }
    }

    /// <summary>Sends the request until it is answered 202, resending a 503 with the same event ids as the README says; returns the 503s.</summary>
    private static async Task<int> SendUntilAcceptedAsync(HttpClient http, string body, TaskProcess api)
    {
        for (var send = 0; send < MaxSends; send++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/sources/sourceB/events") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add("X-Api-Key", TaskEnvironment.ApiKey("sourceB"));
            using var response = await http.SendAsync(request, Cancellation);
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                return send;
            }

            var answer = await response.Content.ReadAsStringAsync(Cancellation);
            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)response.StatusCode}: {answer}\n{api.Output}");
        }

        throw new InvalidOperationException($"not accepted after {MaxSends} sends");
    }

    /// <summary>Each applied event's order, by event id, from its applied record.</summary>
    private async Task<Dictionary<string, string>> AppliedOrdersAsync(string table)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        JsonNode? startKey = null;
        do
        {
            var request = new JsonObject
            {
                ["TableName"] = table,
                ["FilterExpression"] = "begins_with(ID, :applied)",
                ["ExpressionAttributeValues"] = new JsonObject { [":applied"] = new JsonObject { ["S"] = "APPLIED#CONTRACT#" } },
                ["ConsistentRead"] = true,
            };
            if (startKey is not null)
            {
                request["ExclusiveStartKey"] = startKey.DeepClone();
            }

            var page = await AwsJs.SendAsync("dynamodb", "Scan", aws.DynamoDbEndpoint, request, Cancellation);
            foreach (var item in page["Items"]!.AsArray())
            {
                ids[item!["APPLIED_EVENT_ID"]!["S"]!.GetValue<string>()] = item["ORDER_KEY"]!["S"]!.GetValue<string>();
            }
            startKey = page["LastEvaluatedKey"];
        }
        while (startKey is not null);

        return ids;
    }

    private static async Task WaitHealthyAsync(HttpClient http, TaskProcess api) =>
        await Eventually.TrueAsync(
            async () =>
            {
                Assert.False(api.HasExited, $"the API exited with {(api.HasExited ? api.ExitCode : 0)}:\n{api.Output}");
                try
                {
                    using var response = await http.GetAsync("/health", Cancellation);
                    return response.IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            TimeSpan.FromSeconds(90), "the API to answer /health", Cancellation);
}
