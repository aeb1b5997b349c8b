using System.Diagnostics;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Ingestion.Messaging;
using Ingestion.Tests.Support;
using Ingestion.Workers.Archive;
using Ingestion.Workers.Telemetry;
using Microsoft.Extensions.Options;

namespace Ingestion.Tests.Workers;

/// <summary>The archive worker's batching, against fauxqs's S3: events handled together share an object per source and hour.</summary>
public sealed class ArchiveBatcherTests(FauxqsSqsFixture fauxqs) : IClassFixture<FauxqsSqsFixture>
{
    private static readonly DateTimeOffset Hour = new(2026, 11, 24, 11, 0, 0, TimeSpan.Zero);
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EventsWrittenTogetherShareOneObjectPerSourceAndHourInReceiptOrder()
    {
        using var s3 = S3();
        var bucket = await BucketAsync(s3);
        var batcher = new ArchiveBatcher(s3, Options.Create(new ArchiveOptions { ArchiveBucketName = bucket, BatchWindow = TimeSpan.FromMilliseconds(200) }), TimeProvider.System);
        await batcher.StartAsync(Cancellation);

        // Eight noise readings and two contracts of the same hour, written at once, in no particular order.
        var events = Enumerable.Range(0, 8).Select(i => Event($"n{i}", "noise", Hour.AddMinutes(10 - i)))
            .Concat([Event("b1", "sourceB", Hour.AddMinutes(5)), Event("b0", "sourceB", Hour.AddMinutes(1))]).ToList();
        await Task.WhenAll(events.Select(e => batcher.WriteAsync(e, Cancellation)));
        await batcher.StopAsync(Cancellation);

        var objects = (await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket }, Cancellation)).S3Objects ?? [];
        Assert.Equal(2, objects.Count);
        var noise = await ReadAsync(s3, bucket, Assert.Single(objects, o => o.Key.StartsWith(ArchiveKeys.HourPrefix("noise", Hour), StringComparison.Ordinal)).Key);
        Assert.Equal(["n7", "n6", "n5", "n4", "n3", "n2", "n1", "n0"], noise);
        var contracts = await ReadAsync(s3, bucket, Assert.Single(objects, o => o.Key.StartsWith(ArchiveKeys.HourPrefix("sourceB", Hour), StringComparison.Ordinal)).Key);
        Assert.Equal(["b0", "b1"], contracts);
    }

    [Fact]
    public async Task TheObjectsSpanJoinsItsWritersTracesAsAChildOfTheFirstAndALinkToTheRest()
    {
        using var collector = new CapturedSpans(WorkerTelemetry.Name);
        using var s3 = S3();
        var bucket = await BucketAsync(s3);
        var batcher = new ArchiveBatcher(s3, Options.Create(new ArchiveOptions { ArchiveBucketName = bucket, BatchWindow = TimeSpan.FromMilliseconds(200) }), TimeProvider.System);
        await batcher.StartAsync(Cancellation);

        // Two batches' process spans hand over one event each, into the same object.
        var writers = new[] { StartWriter(), StartWriter() };
        var writes = writers.Select((writer, i) =>
        {
            Activity.Current = writer;
            return batcher.WriteAsync(Event($"w{i}", "sourceB", Hour.AddMinutes(i)), Cancellation);
        }).ToList();
        Activity.Current = null;
        await Task.WhenAll(writes);
        await batcher.StopAsync(Cancellation);

        var put = Assert.Single(collector.Stopped, span => span.DisplayName == $"PutObject {bucket}");
        Assert.Equal(ActivityKind.Client, put.Kind);
        Assert.Equal(writers[0].TraceId, put.TraceId);
        Assert.Equal(writers[0].SpanId, put.ParentSpanId);
        Assert.Equal(writers[1].SpanId, Assert.Single(put.Links).Context.SpanId);
        Assert.Equal(bucket, put.GetTagItem("aws.s3.bucket"));
        Assert.StartsWith(ArchiveKeys.HourPrefix("sourceB", Hour), (string)put.GetTagItem("aws.s3.key")!, StringComparison.Ordinal);
        Array.ForEach(writers, writer => writer.Dispose());
    }

    [Fact]
    public async Task AnObjectThatCannotBeWrittenFailsEveryEventInIt()
    {
        using var s3 = S3();
        var batcher = new ArchiveBatcher(s3, Options.Create(new ArchiveOptions { ArchiveBucketName = "no-such-bucket-" + Guid.NewGuid().ToString("N")[..8] }), TimeProvider.System);
        await batcher.StartAsync(Cancellation);

        var writes = Enumerable.Range(0, 3).Select(i => batcher.WriteAsync(Event($"e{i}", "sourceB", Hour), Cancellation)).ToList();

        foreach (var write in writes)
        {
            await Assert.ThrowsAnyAsync<Exception>(() => write);
        }

        await batcher.StopAsync(Cancellation);
    }

    [Fact]
    public async Task AnObjectIsOneEventPerLineAndAnOldOneEventObjectReadsTheSameWay()
    {
        var events = new[] { Event("a", "sourceB", Hour), Event("b\nc", "sourceB", Hour.AddSeconds(1)) };

        var content = ArchiveObjects.Write(events);

        Assert.Equal(2, content.Count(c => c == '\n'));
        Assert.Equal(["a", "b\nc"], (await ArchiveObjects.ReadAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content)), Cancellation)).Select(e => e.EventId));
        var old = JsonSerializer.Serialize(events[0]);
        Assert.Equal(["a"], (await ArchiveObjects.ReadAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(old)), Cancellation)).Select(e => e.EventId));
        Assert.StartsWith(ArchiveKeys.HourPrefix("sourceB", Hour) + "20261124T1100000000000-a-", ArchiveKeys.ForBatch(events), StringComparison.Ordinal);
    }

    [Fact]
    public void TwoBatchesThatStartWithTheSameEventAndHaveAsManyEventsGetDifferentKeys()
    {
        // A redelivered first event in a second batch of the same size: the same first event and count.
        var first = new[] { Event("a", "sourceB", Hour), Event("b", "sourceB", Hour.AddSeconds(1)) };
        var second = new[] { Event("a", "sourceB", Hour), Event("c", "sourceB", Hour.AddSeconds(2)) };

        Assert.NotEqual(ArchiveKeys.ForBatch(first), ArchiveKeys.ForBatch(second));
        Assert.Equal(ArchiveKeys.ForBatch(first), ArchiveKeys.ForBatch([.. first]));
    }

    private AmazonS3Client S3() =>
        new(new BasicAWSCredentials("test", "test"), new AmazonS3Config { ServiceURL = fauxqs.Endpoint.ToString(), ForcePathStyle = true, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });

    private static async Task<string> BucketAsync(AmazonS3Client s3)
    {
        var bucket = "archive-" + Guid.NewGuid().ToString("N")[..8];
        await s3.PutBucketAsync(bucket, Cancellation);
        return bucket;
    }

    private static async Task<List<string>> ReadAsync(AmazonS3Client s3, string bucket, string key)
    {
        using var response = await s3.GetObjectAsync(bucket, key, Cancellation);
        return [.. (await ArchiveObjects.ReadAsync(response.ResponseStream, Cancellation)).Select(e => e.EventId)];
    }

    private static IngestionEvent Event(string id, string source, DateTimeOffset receivedAt) =>
        new(id, source, "CONTRACT", receivedAt, JsonSerializer.SerializeToElement(new { contract_id = id }));

    /// <summary>A root span, left not current (each is made current only for its own write).</summary>
    private static Activity StartWriter()
    {
        Activity.Current = null;
        var writer = WorkerTelemetry.ActivitySource.StartActivity("process ingestion-archive.fifo", ActivityKind.Consumer, parentContext: default)
            ?? throw new InvalidOperationException("the test's listener samples every span");
        Activity.Current = null;
        return writer;
    }
}
