using System.Text.Json.Nodes;
using Amazon.S3.Model;
using Amazon.SQS.Model;
using Ingestion.Messaging;
using Ingestion.Tests.EndToEnd;
using Ingestion.Tests.Support;
using static Ingestion.Tests.EndToEnd.TopologyClient;
using static Ingestion.Tests.Support.EventBodies;

namespace Ingestion.Tests.Chaos;

/// <summary>
/// A minute of DynamoDB throttling for a store worker and of S3 failing for the archive, injected by
/// the chaos switch while events are posted: every 202 ends stored and archived, in order, and
/// nothing is dead-lettered. In the topology's collection so it never boots beside the other AppHost's tests.
/// </summary>
[Collection(TopologyCollection.Name)]
public sealed class StoreOutageInTheRunTests(ChaosTopologyFixture topology) : IClassFixture<ChaosTopologyFixture>
{
    private static readonly TimeSpan AfterTheOutage = TimeSpan.FromMinutes(3);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AMinuteOfThrottlingAndOfAnS3OutageLosesNothingAndDeadLettersNothing()
    {
        var started = DateTimeOffset.UtcNow;
        var contractIds = Enumerable.Range(0, 8).Select(_ => UniqueId("c")).ToList();
        var updated = UniqueId("c-upd");
        List<string> eventIds = [];

        // Events arrive through the whole outage, as producers keep sending: a round every 5 s for
        // 40 s (load shaping, not synchronisation), each round new contracts and the next status of one.
        string[] statuses = ["DRAFT", "ACTIVE", "SUSPENDED", "ACTIVE", "COMPLETED", "ACTIVE", "SUSPENDED", "CANCELLED"];
        using var pace = new PeriodicTimer(TimeSpan.FromSeconds(5));
        for (var round = 0; round < statuses.Length; round++)
        {
            var events = new JsonArray(Contract(contractIds[round]), Contract(updated, statuses[round]));
            eventIds.AddRange(await topology.PostAcceptedAsync("sourceB", events));
            if (round < statuses.Length - 1)
            {
                await pace.WaitForNextTickAsync(Cancellation);
            }
        }

        foreach (var contractId in contractIds)
        {
            await Eventually.GetAsync(() => topology.GetItemAsync($"CONTRACT#{contractId}"), AfterTheOutage, $"contract {contractId}", Cancellation);
        }

        // The newest status wins, however the outage shuffled redeliveries.
        await Eventually.GetAsync(
            async () => await topology.GetItemAsync($"CONTRACT#{updated}") is { } item && item["contract_status"].S == statuses[^1] ? item : null,
            AfterTheOutage, $"contract {updated} at {statuses[^1]}", Cancellation);
        var stored = DateTimeOffset.UtcNow - started;
        await WaitArchivedAsync(started, eventIds);
        var requeues = Requeues("worker-sourceB");
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{eventIds.Count} events, all stored {stored.TotalSeconds:0} s after the first post and archived {(DateTimeOffset.UtcNow - started).TotalSeconds:0} s after; "
            + $"batches put back uncharged: worker-sourceB {requeues}, worker-archive {Requeues("worker-archive")}");

        Assert.Empty(await DeadLettersAsync("sourceBDeadLetterQueueUrl"));
        Assert.Empty(await DeadLettersAsync("ArchiveDeadLetterQueueUrl"));

        // The throttling really happened: the worker stopped and put its messages back uncharged.
        Assert.True(requeues > 0, "worker-sourceB never put a message back: the throttling did not reach it");
    }

    private int Requeues(string service) =>
        topology.Telemetry.Spans.Count(span => span.Service == service && span.Name.StartsWith("requeue ", StringComparison.Ordinal));

    private async Task<List<Message>> DeadLettersAsync(string output) =>
        (await topology.Sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = topology.Outputs[output],
            MaxNumberOfMessages = 10,
            VisibilityTimeout = 0,
            MessageAttributeNames = ["All"],
        }, Cancellation)).Messages ?? [];

    private async Task WaitArchivedAsync(DateTimeOffset from, IReadOnlyList<string> eventIds)
    {
        using var s3 = topology.CreateS3Client();
        await Eventually.TrueAsync(async () =>
        {
            var archived = new HashSet<string>(StringComparer.Ordinal);
            foreach (var prefix in ArchiveKeys.HourPrefixes("sourceB", from.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1)))
            {
                var page = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = topology.Outputs["ArchiveBucketName"], Prefix = prefix }, Cancellation);
                foreach (var key in (page.S3Objects ?? []).Select(o => o.Key))
                {
                    using var content = await s3.GetObjectAsync(topology.Outputs["ArchiveBucketName"], key, Cancellation);
                    archived.UnionWith((await ArchiveObjects.ReadAsync(content.ResponseStream, Cancellation)).Select(e => e.EventId));
                }
            }

            return eventIds.All(archived.Contains);
        }, AfterTheOutage, "every event in the archive", Cancellation);
    }
}
