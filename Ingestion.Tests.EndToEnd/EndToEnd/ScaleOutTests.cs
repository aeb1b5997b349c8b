using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Ingestion.Tests.Support;
using static Ingestion.Tests.EndToEnd.TopologyClient;
using static Ingestion.Tests.Support.EventBodies;

namespace Ingestion.Tests.EndToEnd;

/// <summary>
/// Scale-out, proven locally (issue 15): the API as two replicas and sourceB's store worker as three,
/// under load sent in acknowledged order per contract through both API replicas, while one worker
/// replica is killed (SIGKILL) and another paused (SIGSTOP) past its visibility timeout. What is read
/// back comes through the AWS SDK for JavaScript, a client that shares no code with ours.
/// </summary>
[Collection(ScaleOutCollection.Name)]
public sealed class ScaleOutTests(ScaleOutTopologyFixture topology)
{
    private const int Contracts = 40;
    private const int Rounds = 20;
    private const int KillAfterRound = 3;
    private const int PauseAfterRound = 6;
    private const int MaxResends = 20;
    private static readonly TimeSpan Settling = TimeSpan.FromMinutes(3);
    private static readonly string[] Statuses = ["DRAFT", "ACTIVE", "SUSPENDED", "COMPLETED", "CANCELLED"];

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BothApiReplicasServeThePortAndCountThemselvesInTheSharedRateLimit()
    {
        var apis = await ReplicaProcesses.WaitForHealthyAsync(topology.Notifications, "api", ScaleOutTopologyFixture.ApiReplicas, TimeSpan.FromMinutes(1), Cancellation);

        Assert.Equal(ScaleOutTopologyFixture.ApiReplicas, apis.Select(api => api.ServicePid).Distinct().Count());
        Assert.All(apis, api => Assert.NotEqual(topology.ApiUrl.Port, api.OwnUrl!.Port));
        var instances = await Eventually.GetAsync(
            async () =>
            {
                var item = await AwsJs.SendAsync("dynamodb", "GetItem", topology.DynaliteEndpoint, new JsonObject
                {
                    ["TableName"] = topology.Outputs["DataStoreTableName"],
                    ["Key"] = new JsonObject { ["ID"] = new JsonObject { ["S"] = "API_INSTANCES#rate-limits" } },
                    ["ConsistentRead"] = true,
                }, Cancellation);
                var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                var alive = item["Item"]?.AsObject()
                    .Where(attribute => attribute.Key.StartsWith("INSTANCE_", StringComparison.Ordinal))
                    .Count(attribute => long.Parse(attribute.Value!["N"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) > now) ?? 0;
                return alive == ScaleOutTopologyFixture.ApiReplicas ? (object)alive : null;
            },
            TimeSpan.FromSeconds(30), $"{ScaleOutTopologyFixture.ApiReplicas} live API instances in API_INSTANCES#rate-limits", Cancellation);
        Assert.Equal(ScaleOutTopologyFixture.ApiReplicas, instances);

        // The shared port answers, whichever replica DCP's proxy picks.
        using var health = await topology.Api.GetAsync("/health", Cancellation);
        Assert.True(health.IsSuccessStatusCode);
    }

    [Fact]
    public async Task UnderLoadAWorkerReplicaKilledAndAnotherPausedPastItsVisibilityLoseNothingAndReorderNothing()
    {
        var output = TestContext.Current.TestOutputHelper;
        var started = Stopwatch.StartNew();
        var apis = await ReplicaProcesses.WaitForHealthyAsync(topology.Notifications, "api", ScaleOutTopologyFixture.ApiReplicas, TimeSpan.FromMinutes(1), Cancellation);
        var workers = await ReplicaProcesses.WaitForHealthyAsync(
            topology.Notifications, ScaleOutTopologyFixture.ScaledWorker, ScaleOutTopologyFixture.WorkerReplicas, TimeSpan.FromMinutes(1), Cancellation);
        output?.WriteLine($"api replicas: {string.Join(", ", apis.Select(a => $"{a.ReplicaId} pid {a.ServicePid} {a.OwnUrl} ({ReplicaProcesses.CommandLine(a.ServicePid)})"))}");
        output?.WriteLine($"worker replicas: {string.Join(", ", workers.Select(w => $"{w.ReplicaId} pid {w.ServicePid}"))}");

        // Each replica on its own, and DCP's proxy on the shared port: a contract's updates go through all three in turn.
        List<HttpClient> producers = [.. apis.Select(api => ApiKeyHeaders.Client(api.OwnUrl!)), ApiKeyHeaders.Client(topology.ApiUrl)];
        var contractIds = Enumerable.Range(0, Contracts).Select(_ => UniqueId("scale")).ToArray();
        var lastAcknowledged = new (string EventId, string Name)[Contracts];
        var acknowledgedOrder = Enumerable.Range(0, Contracts).Select(_ => new List<string>()).ToArray();
        var accepted = new ConcurrentBag<string>();
        var resent = 0;
        var roundsDone = Enumerable.Range(0, Rounds).Select(_ => new TaskCompletionSource()).ToArray();

        var load = Task.Run(async () =>
        {
            // A round a second (load shaping, not synchronisation): a contract's next request goes out only once its previous one was acknowledged.
            using var pace = new PeriodicTimer(TimeSpan.FromSeconds(1));
            for (var round = 0; round < Rounds; round++)
            {
                var current = round;
                await Task.WhenAll(Enumerable.Range(0, Contracts).Select(async index =>
                {
                    // Every third round a request holds two updates of the contract, which must apply in request order.
                    var updates = current % 3 == 2 ? 2 : 1;
                    var events = new JsonArray();
                    var names = new List<string>();
                    for (var update = 0; update < updates; update++)
                    {
                        var name = $"round {current} update {update}";
                        names.Add(name);
                        var @event = Contract(contractIds[index], Statuses[(current + update) % Statuses.Length], name);
                        // The producer's own ids, so that a resend of a 503 is the same events.
                        @event["event_id"] = UniqueId("scale-event");
                        events.Add(@event);
                    }

                    Interlocked.Add(ref resent, await PostUntilAcceptedAsync(producers[(index + current) % producers.Count], events));
                    foreach (var @event in events)
                    {
                        accepted.Add(@event!["event_id"]!.GetValue<string>());
                    }

                    lastAcknowledged[index] = (events[^1]!["event_id"]!.GetValue<string>(), names[^1]);
                    acknowledgedOrder[index].AddRange(events.Select(@event => @event!["event_id"]!.GetValue<string>()));
                }));
                roundsDone[current].SetResult();
                await pace.WaitForNextTickAsync(Cancellation);
            }
        }, Cancellation);

        // A round finished, or the load failed: its failure is the test's.
        async Task AfterRoundAsync(int round)
        {
            await Task.WhenAny(roundsDone[round].Task, load);
            if (load.IsCompleted)
            {
                await load;
            }
        }

        await AfterRoundAsync(KillAfterRound);
        ReplicaProcesses.Kill(workers[0].ServicePid);
        output?.WriteLine($"{started.Elapsed.TotalSeconds:0.0} s: SIGKILL {workers[0].ReplicaId} (pid {workers[0].ServicePid})");

        await AfterRoundAsync(PauseAfterRound);
        ReplicaProcesses.Pause(workers[1].ServicePid);
        output?.WriteLine($"{started.Elapsed.TotalSeconds:0.0} s: SIGSTOP {workers[1].ReplicaId} (pid {workers[1].ServicePid}); {await InFlightAsync("sourceBQueueUrl")} messages in flight");
        try
        {
            // The fault itself, not synchronisation: the paused replica's messages must outlive their visibility timeout.
            await Task.Delay(ScaleOutTopologyFixture.VisibilityTimeout * 2, Cancellation);
        }
        finally
        {
            ReplicaProcesses.Resume(workers[1].ServicePid);
        }

        output?.WriteLine($"{started.Elapsed.TotalSeconds:0.0} s: SIGCONT {workers[1].ReplicaId}");
        await load;
        output?.WriteLine($"{started.Elapsed.TotalSeconds:0.0} s: {accepted.Count} events accepted for {Contracts} contracts; {resent} requests answered 503 and resent");

        // Every contract ends at its last acknowledged update.
        var table = topology.Outputs["DataStoreTableName"];
        Dictionary<string, JsonObject> stored = [];
        await Eventually.TrueAsync(
            async () =>
            {
                stored = await ScanAsync(table, "CONTRACT#scale-");
                return contractIds.Select((id, index) => stored.TryGetValue($"CONTRACT#{id}", out var item)
                    && item["EVENT_ID"]!["S"]!.GetValue<string>() == lastAcknowledged[index].EventId).All(ok => ok);
            },
            Settling, "every contract at its last acknowledged update", Cancellation);
        for (var index = 0; index < Contracts; index++)
        {
            Assert.Equal(lastAcknowledged[index].Name, stored[$"CONTRACT#{contractIds[index]}"]["contract_name"]!["S"]!.GetValue<string>());
        }

        output?.WriteLine($"{started.Elapsed.TotalSeconds:0.0} s: every contract at its last acknowledged update");

        // Every queue drains: nothing is left behind a paused or killed replica's receipt.
        await Eventually.TrueAsync(
            async () => (await Task.WhenAll(SourceQueueOutputs().Select(InFlightOrWaitingAsync))).All(count => count == 0),
            Settling, "every queue empty", Cancellation);

        // Nothing lost: every accepted event was applied (its applied record names it) or dead-lettered with a reason.
        var appliedRecords = (await ScanAsync(table, "APPLIED#CONTRACT#")).Values.ToDictionary(
            record => record["APPLIED_EVENT_ID"]!["S"]!.GetValue<string>(), StringComparer.Ordinal);
        var applied = appliedRecords.ToDictionary(pair => pair.Key, pair => pair.Value["ORDER_KEY"]!["S"]!.GetValue<string>(), StringComparer.Ordinal);
        var deadLetters = await DrainAsync(topology.Outputs["sourceBDeadLetterQueueUrl"]);
        Assert.All(deadLetters, letter => Assert.False(string.IsNullOrWhiteSpace(letter.Reason), $"dead letter {letter.EventId} without a reason"));
        var missing = accepted.Where(id => !applied.ContainsKey(id) && !deadLetters.Any(letter => letter.EventId == id)).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} of {accepted.Count} accepted events neither applied nor dead-lettered: {string.Join(", ", missing.Take(10))}");

        // Never reordered, even where a later update hid it: a contract's applied events carry increasing orders in acknowledged order.
        foreach (var events in acknowledgedOrder)
        {
            var orders = events.Where(applied.ContainsKey).Select(id => applied[id]).ToList();
            if (!orders.Zip(orders.Skip(1)).All(pair => string.CompareOrdinal(pair.First, pair.Second) < 0))
            {
                Assert.Fail($"applied out of order: {string.Join(", ", events.Where(applied.ContainsKey).Select(id => $"{id}@{applied[id]} queue position {appliedRecords[id]["QUEUE_SEQUENCE"]?["S"]}"))}"
                    + $"\n{DescribeJourneys(events.Where(applied.ContainsKey).ToList(), started)}");
            }
        }

        // The killed replica is back (the AppHost restarts a crashed process).
        await ReplicaProcesses.WaitForHealthyAsync(
            topology.Notifications, ScaleOutTopologyFixture.ScaledWorker, ScaleOutTopologyFixture.WorkerReplicas, TimeSpan.FromMinutes(1), Cancellation);
        output?.WriteLine($"{started.Elapsed.TotalSeconds:0.0} s: done; {applied.Count} applied records, {deadLetters.Count} dead letters");
        foreach (var producer in producers)
        {
            producer.Dispose();
        }
    }

    /// <summary>
    /// What the services' spans say of each event, for a reader of a failure: every span tagged with
    /// the event's id and its children (the store's reads and writes with their outcomes), by start.
    /// </summary>
    private string DescribeJourneys(IReadOnlyList<string> eventIds, Stopwatch started)
    {
        var testStart = DateTimeOffset.UtcNow - started.Elapsed;
        var spans = topology.Telemetry.Spans.ToList();
        var lines = new List<string>();
        foreach (var eventId in eventIds)
        {
            var own = spans.Where(span => span.Attribute("event_id") == eventId).ToList();
            var ids = own.Select(span => span.SpanId).ToHashSet(StringComparer.Ordinal);
            var journey = own.Concat(spans.Where(span => span.ParentSpanId is { } parent && ids.Contains(parent))).OrderBy(span => span.Start);
            lines.Add($"{eventId}:");
            lines.AddRange(journey.Select(span =>
                $"  {(span.Start - testStart).TotalSeconds:0.000}–{(span.End - testStart).TotalSeconds:0.000} s {span.Service} {span.Name}"
                + $" message {span.Attribute("messaging.message.id")} outcome {span.Attribute("ingestion.write.outcome")}{(span.IsError ? $" error {span.StatusMessage}" : "")}"));
        }

        return string.Join('\n', lines);
    }

    /// <summary>
    /// Posts to sourceB through one producer's connection until it is answered 202, as a producer
    /// does: a 503 (SNS slow or throttling on this crowded machine) is resent with the same event ids
    /// after its Retry-After. Returns how many 503s it took.
    /// </summary>
    private static async Task<int> PostUntilAcceptedAsync(HttpClient producer, JsonArray events)
    {
        for (var resends = 0; ; resends++)
        {
            using var response = await producer.PostAsync("/sources/sourceB/events", System.Net.Http.Json.JsonContent.Create(events), Cancellation);
            if (response.StatusCode == System.Net.HttpStatusCode.Accepted)
            {
                return resends;
            }

            var body = await response.Content.ReadAsStringAsync(Cancellation);
            Assert.True(response.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable && resends < MaxResends,
                $"Expected 202 from {producer.BaseAddress} (or a 503 to resend), got {(int)response.StatusCode} after {resends} resends: {body}");
            await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), Cancellation);
        }
    }

    private IEnumerable<string> SourceQueueOutputs() => topology.Outputs.Keys
        .Where(key => key.EndsWith("QueueUrl", StringComparison.Ordinal) && !key.EndsWith("DeadLetterQueueUrl", StringComparison.Ordinal));

    private async Task<int> InFlightAsync(string queueOutput) => (await QueueCountsAsync(queueOutput)).InFlight;

    private async Task<int> InFlightOrWaitingAsync(string queueOutput)
    {
        var (waiting, inFlight) = await QueueCountsAsync(queueOutput);
        return waiting + inFlight;
    }

    private async Task<(int Waiting, int InFlight)> QueueCountsAsync(string queueOutput)
    {
        var attributes = (await AwsJs.SendAsync("sqs", "GetQueueAttributes", topology.FauxqsEndpoint, new JsonObject
        {
            ["QueueUrl"] = topology.Outputs[queueOutput],
            ["AttributeNames"] = new JsonArray("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"),
        }, Cancellation))["Attributes"]!;
        return (int.Parse(attributes["ApproximateNumberOfMessages"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(attributes["ApproximateNumberOfMessagesNotVisible"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Every item whose ID starts with <paramref name="prefix"/>, by ID, read page by page.</summary>
    private async Task<Dictionary<string, JsonObject>> ScanAsync(string table, string prefix)
    {
        var items = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        JsonNode? startKey = null;
        do
        {
            var request = new JsonObject
            {
                ["TableName"] = table,
                ["FilterExpression"] = "begins_with(ID, :prefix)",
                ["ExpressionAttributeValues"] = new JsonObject { [":prefix"] = new JsonObject { ["S"] = prefix } },
                ["ConsistentRead"] = true,
            };
            if (startKey is not null)
            {
                request["ExclusiveStartKey"] = startKey.DeepClone();
            }

            var page = await AwsJs.SendAsync("dynamodb", "Scan", topology.DynaliteEndpoint, request, Cancellation);
            foreach (var item in page["Items"]!.AsArray())
            {
                items[item!["ID"]!["S"]!.GetValue<string>()] = item.AsObject();
            }

            startKey = page["LastEvaluatedKey"];
        }
        while (startKey is not null);

        return items;
    }

    private async Task<List<(string? EventId, string? Reason)>> DrainAsync(string queueUrl)
    {
        var letters = new List<(string? EventId, string? Reason)>();
        while (true)
        {
            var received = await AwsJs.SendAsync("sqs", "ReceiveMessage", topology.FauxqsEndpoint, new JsonObject
            {
                ["QueueUrl"] = queueUrl,
                ["MaxNumberOfMessages"] = 10,
                ["MessageAttributeNames"] = new JsonArray("All"),
                ["VisibilityTimeout"] = 300,
                ["WaitTimeSeconds"] = 1,
            }, Cancellation);
            if (received["Messages"]?.AsArray() is not { Count: > 0 } messages)
            {
                return letters;
            }

            letters.AddRange(messages.Select(message => (
                message!["MessageAttributes"]?["event_id"]?["StringValue"]?.GetValue<string>(),
                message["MessageAttributes"]?["dead_letter_reason"]?["StringValue"]?.GetValue<string>())));
        }
    }
}
