using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Ingestion.Api.Publishing;
using Ingestion.Api.Replay;
using Ingestion.Api.Sources;
using Ingestion.Api.Sources.Schemas;
using Ingestion.Messaging;
using Ingestion.Tests.Api;
using Ingestion.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Options = Microsoft.Extensions.Options.Options;

namespace Ingestion.Tests.Replay;

/// <summary>
/// Replay within AWS's limits and the archive's contract: batches of at most 10 entries and
/// 256 KiB, each event sent as archived and marked replayed, the archive read as a stream.
/// </summary>
public sealed class ReplayLimitsTests(FauxqsSqsFixture fauxqs) : IClassFixture<FauxqsSqsFixture>
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 11, 24, 11, 40, 0, TimeSpan.Zero);
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task LargeEventsAreReplayedInBatchesOfAtMost256KiB()
    {
        var (s3, bucket) = await ArchiveAsync(Enumerable.Range(0, 12).Select(i => Line(Reading($"big-{i}", i, padding: 60 * 1024))).ToArray());
        var sns = new FakeSnsClient();

        var job = await ReplayAsync(s3, bucket, sns);

        Assert.Equal(12, job.Snapshot().EventsReplayed);
        Assert.All(sns.Calls, call => Assert.InRange(call.Sum(EntryBytes), 1, PublishBatchChunks.MaxBytes));
        Assert.All(sns.Calls, call => Assert.InRange(call.Count, 1, PublishBatchChunks.MaxEntries));
        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"big-{i}"), sns.Entries.Select(entry => entry.MessageAttributes[MessageAttributeNames.EventId].Value));
    }

    [Fact]
    public async Task AReplayedEventIsMarkedReplayedAndCarriesItsEnvelopeAsArchived()
    {
        // A field this API version does not know (a newer order stamp, say) must survive the replay.
        var archivedLine = Line(Reading("stamped", 0, padding: 0)).TrimEnd('}') + ""","order_stamp":"0000000000001764000000.000007"}""";
        var (s3, bucket) = await ArchiveAsync(archivedLine);
        var sns = new FakeSnsClient();

        await ReplayAsync(s3, bucket, sns);

        var entry = Assert.Single(sns.Entries);
        Assert.Equal(archivedLine, entry.Message);
        Assert.Equal("true", entry.MessageAttributes[MessageAttributeNames.Replayed].Value);
        Assert.Equal("String", entry.MessageAttributes[MessageAttributeNames.Replayed].DataType);
    }

    [Fact]
    public async Task TheArchiveIsReadAsAStreamNotAPageAtATime()
    {
        // Three objects that do not overlap in time: the first event comes before the third object is opened.
        var (s3, bucket) = await ArchiveAsync(Line(Reading("a", 0, 0)), Line(Reading("b", 1, 0)), Line(Reading("c", 2, 0)));
        var job = NewJob();
        var reader = new ArchiveReader(s3, bucket);

        await using var events = reader.ReadAsync(ArchiveKeys.HourPrefix("noise", ReceivedAt), job, Cancellation).GetAsyncEnumerator(Cancellation);
        Assert.True(await events.MoveNextAsync());

        Assert.Equal("a", events.Current.Event.EventId);
        Assert.Equal(2, job.Snapshot().ObjectsRead);
        Assert.True(await events.MoveNextAsync());
        Assert.True(await events.MoveNextAsync());
        Assert.Equal("c", events.Current.Event.EventId);
        Assert.False(await events.MoveNextAsync());
        Assert.Equal(3, job.Snapshot().ObjectsRead);
    }

    private static int EntryBytes(Ingestion.Messaging.Sns.SnsBatchEntry entry) =>
        Encoding.UTF8.GetByteCount(entry.Message)
        + entry.MessageAttributes.Sum(pair => Encoding.UTF8.GetByteCount(pair.Key) + Encoding.UTF8.GetByteCount(pair.Value.DataType) + Encoding.UTF8.GetByteCount(pair.Value.Value));

    private static IngestionEvent Reading(string eventId, int offset, int padding) => new(eventId, "noise", "READING", ReceivedAt.AddSeconds(offset),
        JsonSerializer.SerializeToElement(new { location = "HydePark", sensor = "01", timestamp = $"2026-11-24T11:39:{offset:D2}Z", db = 60, note = new string('x', padding) }),
        Sequence: offset + 1);

    private static string Line(IngestionEvent archived) => JsonSerializer.Serialize(archived);

    private static ReplayJob NewJob()
    {
        var job = new ReplayJob(Guid.NewGuid().ToString("N"), new SourceDefinition("noise", ["READING"]), ReceivedAt.AddMinutes(-1), ReceivedAt.AddMinutes(1), null, ReceivedAt);
        job.Started();
        return job;
    }

    /// <summary>One archive object per line, keyed as the archive keys them (by the event's receipt).</summary>
    private async Task<(AmazonS3Client S3, string Bucket)> ArchiveAsync(params string[] lines)
    {
        var bucket = "replay-limits-" + Guid.NewGuid().ToString("N")[..8];
        var s3 = new AmazonS3Client(new BasicAWSCredentials("test", "test"), new AmazonS3Config { ServiceURL = fauxqs.Endpoint.ToString(), ForcePathStyle = true, AuthenticationRegion = "us-east-1" });
        await s3.PutBucketAsync(bucket, Cancellation);
        foreach (var line in lines)
        {
            var archived = JsonSerializer.Deserialize<IngestionEvent>(line)!;
            await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = ArchiveKeys.ForBatch([archived]), ContentBody = line + "\n" }, Cancellation);
        }

        return (s3, bucket);
    }

    private static async Task<ReplayJob> ReplayAsync(AmazonS3Client s3, string bucket, FakeSnsClient sns)
    {
        var topic = Options.Create(new IngestionTopicOptions { IngestionTopicArn = ApiHost.TopicArn });
        var schema = new ReadingSchema(Options.Create(new NoiseSourceOptions { Locations = ["HydePark", "Woodlawn", "Kenwood"] }), TimeProvider.System);
        var catalogue = new SourceCatalogue([new SourceDefinition("noise", ["READING"])], [schema]);
        var replayer = new ArchiveReplayer(
            s3, sqs: null!, new PublishBatchSender(sns, topic, NullLogger<PublishBatchSender>.Instance), catalogue,
            Options.Create(new ReplayOptions { ArchiveBucketName = bucket }), TimeProvider.System, NullLogger<ArchiveReplayer>.Instance);
        var job = NewJob();
        await replayer.RunAsync(job, Cancellation);
        return job;
    }
}
