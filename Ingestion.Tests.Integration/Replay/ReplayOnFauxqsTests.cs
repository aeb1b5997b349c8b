using System.Text.Json;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SQS.Model;
using Ingestion.Api.Publishing;
using Ingestion.Api.Replay;
using Ingestion.Api.Sources;
using Ingestion.Api.Sources.Schemas;
using Ingestion.Messaging;
using Ingestion.Messaging.Sns;
using Ingestion.Tests.Workers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Options = Microsoft.Extensions.Options.Options;

using Ingestion.Tests.Support;

namespace Ingestion.Tests.Replay;

/// <summary>
/// Replay against fauxqs (SNS, SQS and S3): only into a subscriber queue, never a dead-letter
/// queue, and a replayed event reaches only the queues whose filter matches it.
/// </summary>
public sealed class ReplayOnFauxqsTests(FauxqsSqsFixture fauxqs) : IClassFixture<FauxqsSqsFixture>
{
    private const string Bucket = "replay-archive";
    private static readonly DateTimeOffset ReceivedAt = new(2026, 11, 24, 11, 40, 0, TimeSpan.Zero);
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AReplayIntoTheAlertQueueCarriesOnlyTheReadingsItsFilterLetsThrough()
    {
        var stack = await StackAsync();
        var target = await stack.Subscribers.FindAsync(stack.AlertsQueueName, Cancellation);
        Assert.NotNull(target);

        var job = await RunAsync(stack, target);

        Assert.Equal(ReplayState.Completed, job.State);
        Assert.Equal((2, 1, 1), (job.Snapshot().ObjectsRead, job.Snapshot().EventsReplayed, job.Snapshot().EventsFilteredOut));
        Assert.Equal(["loud"], await fauxqs.EventIdsInAsync(stack.AlertsQueueUrl));
    }

    [Fact]
    public async Task AReplayThroughTheTopicReachesEachQueueOnlyIfItsFilterMatches()
    {
        var stack = await StackAsync();

        var job = await RunAsync(stack, target: null);

        Assert.Equal(ReplayState.Completed, job.State);
        Assert.Equal(["loud"], await fauxqs.EventIdsInAsync(stack.AlertsQueueUrl));
        Assert.Equal(["quiet", "loud"], await fauxqs.EventIdsInAsync(stack.StatisticsQueueUrl));
    }

    [Fact]
    public async Task BatchObjectsReplayInReceiptOrderEvenWhenTheyOverlapInTime()
    {
        var stack = await StackAsync(batched: true);

        var job = await RunAsync(stack, target: null);

        Assert.Equal(ReplayState.Completed, job.State);
        Assert.Equal((2, 3), (job.Snapshot().ObjectsRead, job.Snapshot().EventsReplayed));
        Assert.Equal(["quiet", "loud", "late"], await fauxqs.EventIdsInAsync(stack.StatisticsQueueUrl));
        Assert.Equal(["loud"], await fauxqs.EventIdsInAsync(stack.AlertsQueueUrl));
    }

    [Fact]
    public async Task ADeadLetterQueueOrAQueueNotSubscribedIsNoReplayTarget()
    {
        var stack = await StackAsync();

        Assert.Null(await stack.Subscribers.FindAsync(stack.AlertsQueueName.Replace(".fifo", "-dlq.fifo", StringComparison.Ordinal), Cancellation));
        Assert.Null(await stack.Subscribers.FindAsync("no-such-queue.fifo", Cancellation));
    }

    private async Task<ReplayJob> RunAsync(Stack stack, SubscriberQueue? target)
    {
        var job = new ReplayJob(Guid.NewGuid().ToString("N"), new SourceDefinition("noise", ["READING"]), ReceivedAt.AddMinutes(-1), ReceivedAt.AddMinutes(1), target, ReceivedAt);
        job.Started();
        await stack.Replayer.RunAsync(job, Cancellation);
        job.Completed(DateTimeOffset.UtcNow);
        return job;
    }

    /// <summary>A topic with the template's alert and statistics subscriptions, an alert DLQ, and an archive of one quiet and one loud reading.</summary>
    /// <param name="batched">Batch objects as the archive worker writes them now (two, overlapping in time), else one object per event as it used to.</param>
    private async Task<Stack> StackAsync(bool batched = false)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var sns = new SnsClient(new HttpClient(), new SnsClientOptions { ServiceUrl = fauxqs.Endpoint, Region = "us-east-1", Credentials = new BasicAWSCredentials("test", "test") });
        var topicArn = await sns.CreateTopicAsync($"topic-{suffix}.fifo", new Dictionary<string, string> { ["FifoTopic"] = "true" }, Cancellation);
        var (alertsUrl, alertsDlqUrl) = await fauxqs.CreateQueueWithDeadLetterQueueAsync($"alerts-{suffix}", maxReceiveCount: 3);
        var (statisticsUrl, _) = await fauxqs.CreateQueueWithDeadLetterQueueAsync($"stats-{suffix}", maxReceiveCount: 3);
        await SubscribeAsync(sns, topicArn, alertsUrl, """{"source": ["noise"], "db": [{"numeric": [">=", 85]}]}""");
        await SubscribeAsync(sns, topicArn, statisticsUrl, """{"source": ["noise"]}""");

        var s3 = new AmazonS3Client(new BasicAWSCredentials("test", "test"), new AmazonS3Config { ServiceURL = fauxqs.Endpoint.ToString(), ForcePathStyle = true, AuthenticationRegion = "us-east-1" });
        await s3.PutBucketAsync(Bucket + suffix, Cancellation);
        IngestionEvent Reading(string eventId, double db, int offset) => new(eventId, "noise", "READING", ReceivedAt.AddSeconds(offset),
            JsonSerializer.SerializeToElement(new { location = "HydePark", sensor = "01", timestamp = $"2026-11-24T11:39:0{offset}Z", db }), Sequence: offset + 1);
        if (batched)
        {
            // Two batches handled at the same time: the first holds the earliest and the latest event.
            foreach (var objectEvents in new[] { new[] { Reading("quiet", 60, 0), Reading("late", 61, 2) }, [Reading("loud", 90, 1)] })
            {
                await s3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket + suffix, Key = ArchiveKeys.ForBatch(objectEvents), ContentBody = ArchiveObjects.Write(objectEvents) }, Cancellation);
            }
        }
        else
        {
            foreach (var archived in new[] { Reading("quiet", 60, 0), Reading("loud", 90, 1) })
            {
                await s3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket + suffix, Key = ArchiveKeys.For(archived), ContentBody = JsonSerializer.Serialize(archived) }, Cancellation);
            }
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AWS:Resources:IngestionTopicArn"] = topicArn,
            ["AWS:Resources:NoiseAlertsQueueUrl"] = alertsUrl,
            ["AWS:Resources:NoiseAlertsDeadLetterQueueUrl"] = alertsDlqUrl,
            ["AWS:Resources:NoiseStatisticsQueueUrl"] = statisticsUrl,
        }).Build();
        var topic = Options.Create(new IngestionTopicOptions { IngestionTopicArn = topicArn });
        var schema = new ReadingSchema(Options.Create(new NoiseSourceOptions { Locations = ["HydePark", "Woodlawn", "Kenwood"] }), TimeProvider.System);
        var catalogue = new SourceCatalogue([new SourceDefinition("noise", ["READING"])], [schema]);
        var replayer = new ArchiveReplayer(
            s3, fauxqs.Client, new PublishBatchSender(sns, topic, NullLogger<PublishBatchSender>.Instance), catalogue,
            Options.Create(new ReplayOptions { ArchiveBucketName = Bucket + suffix }), TimeProvider.System, NullLogger<ArchiveReplayer>.Instance);
        return new Stack(new SubscriberQueues(sns, topic, configuration), replayer, alertsUrl, alertsUrl.Split('/')[^1], statisticsUrl);
    }

    private async Task SubscribeAsync(SnsClient sns, string topicArn, string queueUrl, string filterPolicy)
    {
        var queueArn = (await fauxqs.Client.GetQueueAttributesAsync(queueUrl, ["QueueArn"], Cancellation)).QueueARN;
        await sns.SubscribeAsync(topicArn, "sqs", queueArn, new Dictionary<string, string>
        {
            ["RawMessageDelivery"] = "true",
            ["FilterPolicyScope"] = "MessageAttributes",
            ["FilterPolicy"] = filterPolicy,
        }, Cancellation);
    }

    private sealed record Stack(SubscriberQueues Subscribers, ArchiveReplayer Replayer, string AlertsQueueUrl, string AlertsQueueName, string StatisticsQueueUrl);
}
