using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;
using Amazon.S3.Model;
using Ingestion.Tests.Support;
using static Ingestion.Tests.EndToEnd.TopologyClient;
using static Ingestion.Tests.Support.EventBodies;

namespace Ingestion.Tests.EndToEnd;

/// <summary>Every accepted event is archived; POST /replay publishes a time range again, idempotently.</summary>
[Collection(TopologyCollection.Name)]
public sealed class ReplayTests(TopologyFixture topology)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ALostItemComesBackFromTheArchiveAndReplayingTwiceStoresNothingTwice()
    {
        var from = DateTimeOffset.UtcNow.AddSeconds(-1);
        var lostId = UniqueId("c");
        var keptId = UniqueId("c");
        var eventIds = await topology.PostAcceptedAsync("sourceB", new JsonArray(Contract(lostId), Contract(keptId)));
        await topology.WaitForItemAsync($"CONTRACT#{lostId}");
        var kept = await topology.WaitForItemAsync($"CONTRACT#{keptId}");
        await WaitArchivedAsync("sourceB", from, eventIds);

        // Lose one item, then replay the range to every subscriber.
        await topology.DynamoDb.DeleteItemAsync(topology.Outputs["DataStoreTableName"], new() { ["ID"] = new AttributeValue { S = $"CONTRACT#{lostId}" } }, Cancellation);
        var first = await topology.ReplayAsync(new JsonObject { ["source"] = "sourceB", ["from"] = from.ToString("O"), ["to"] = DateTimeOffset.UtcNow.AddSeconds(1).ToString("O") });
        var restored = await topology.WaitForItemAsync($"CONTRACT#{lostId}");

        Assert.True(first["events_replayed"]!.GetValue<long>() >= 2);
        Assert.Equal(eventIds[0], restored["EVENT_ID"].S);

        // Again, aimed at sourceB's queue only: once it has drained, nothing was stored again.
        var second = await topology.ReplayAsync(new JsonObject { ["source"] = "sourceB", ["from"] = from.ToString("O"), ["to"] = DateTimeOffset.UtcNow.AddSeconds(1).ToString("O"), ["target"] = "ingestion-sourceB.fifo" });
        Assert.Equal("ingestion-sourceB.fifo", second["target"]!.GetValue<string>());
        await Eventually.TrueAsync(async () => await QueueDrainedAsync("sourceBQueueUrl"), StoreTimeout, "sourceB's queue to drain", Cancellation);
        Assert.Equal(kept["STORED_AT"].S, (await topology.GetItemAsync($"CONTRACT#{keptId}"))!["STORED_AT"].S);
        Assert.Equal(restored["STORED_AT"].S, (await topology.GetItemAsync($"CONTRACT#{lostId}"))!["STORED_AT"].S);
    }

    [Fact]
    public async Task ABadReplayRequestIsASpecificProblem()
    {
        using var backwards = await topology.Api.PostAsJsonAsync("/replay", new { source = "sourceB", from = "2026-11-24T12:00:00Z", to = "2026-11-24T11:00:00Z", target = "no-such-queue" }, Cancellation);
        var problem = JsonNode.Parse(await backwards.Content.ReadAsStringAsync(Cancellation))!;
        using var unknown = await topology.Api.PostAsJsonAsync("/replay", new { source = "nope", from = "2026-11-24T11:00:00Z", to = "2026-11-24T12:00:00Z" }, Cancellation);
        using var intoDeadLetters = await topology.Api.PostAsJsonAsync("/replay", new { source = "noise", from = "2026-11-24T11:00:00Z", to = "2026-11-24T12:00:00Z", target = "ingestion-noise-alerts-dlq.fifo" }, Cancellation);
        var deadLetterProblem = JsonNode.Parse(await intoDeadLetters.Content.ReadAsStringAsync(Cancellation))!;

        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        Assert.NotNull(problem["errors"]!["to"]);
        Assert.NotNull(problem["errors"]!["target"]);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, intoDeadLetters.StatusCode);
        Assert.NotNull(deadLetterProblem["errors"]!["target"]);
    }

    private async Task WaitArchivedAsync(string source, DateTimeOffset from, IReadOnlyList<string> eventIds)
    {
        using var s3 = topology.CreateS3Client();
        await Eventually.TrueAsync(async () =>
        {
            // Events handled together share an object: read what the objects hold.
            var archived = new HashSet<string>(StringComparer.Ordinal);
            foreach (var prefix in global::Ingestion.Messaging.ArchiveKeys.HourPrefixes(source, from, DateTimeOffset.UtcNow.AddMinutes(1)))
            {
                var page = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = topology.Outputs["ArchiveBucketName"], Prefix = prefix }, Cancellation);
                foreach (var key in (page.S3Objects ?? []).Select(o => o.Key))
                {
                    using var content = await s3.GetObjectAsync(topology.Outputs["ArchiveBucketName"], key, Cancellation);
                    archived.UnionWith((await global::Ingestion.Messaging.ArchiveObjects.ReadAsync(content.ResponseStream, Cancellation)).Select(e => e.EventId));
                }
            }

            return eventIds.All(archived.Contains);
        }, StoreTimeout, "the events in the archive", Cancellation);
    }

    private async Task<bool> QueueDrainedAsync(string queueOutput)
    {
        var attributes = await topology.Sqs.GetQueueAttributesAsync(new Amazon.SQS.Model.GetQueueAttributesRequest
        {
            QueueUrl = topology.Outputs[queueOutput],
            AttributeNames = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
        }, Cancellation);
        return attributes.ApproximateNumberOfMessages == 0 && attributes.ApproximateNumberOfMessagesNotVisible == 0;
    }
}
