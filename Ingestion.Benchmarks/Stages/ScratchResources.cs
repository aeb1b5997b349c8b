using Amazon.DynamoDBv2.Model;
using Amazon.S3.Model;
using Ingestion.Benchmarks.Topology;

namespace Ingestion.Benchmarks.Stages;

/// <summary>
/// What a phase that is not ours (the stage ceilings, the blog's design) creates in the emulators,
/// removed when it ends: the levels after it then run on emulators that hold only the stack's own
/// data. Left in place, the stages' and the blog's 200,000-odd items and messages (a queue copy
/// nobody consumes, the blog's backlog) stayed in dynalite's and fauxqs's heaps for the whole run:
/// measured alone once, dynalite spent 0.246 CPU ms per write with 300,000 unrelated items in another
/// table against 0.228 without; fauxqs held the messages until the run ended.
/// </summary>
internal sealed class ScratchResources(BenchmarkAws aws, Action<string> progress) : IAsyncDisposable
{
    private readonly List<string> _queues = [];
    private readonly List<string> _tables = [];
    private readonly List<(string Bucket, string Prefix)> _objects = [];

    /// <summary>A table with the stack table's keys and indexes, so writes to it cost what the workers' do.</summary>
    public async Task<string> TableLikeAsync(string stackTable, string name, CancellationToken cancellationToken)
    {
        var table = (await aws.DynamoDb.DescribeTableAsync(stackTable, cancellationToken)).Table;
        await aws.DynamoDb.CreateTableAsync(new CreateTableRequest
        {
            TableName = name,
            BillingMode = Amazon.DynamoDBv2.BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = table.AttributeDefinitions,
            KeySchema = table.KeySchema,
            GlobalSecondaryIndexes = table.GlobalSecondaryIndexes is { Count: > 0 } indexes
                ? [.. indexes.Select(index => new GlobalSecondaryIndex { IndexName = index.IndexName, KeySchema = index.KeySchema, Projection = index.Projection })]
                : null,
        }, cancellationToken);
        _tables.Add(name);
        return name;
    }

    public void Queue(string queueUrl) => _queues.Add(queueUrl);

    public void Objects(string bucket, string prefix) => _objects.Add((bucket, prefix));

    public async ValueTask DisposeAsync()
    {
        // Best effort: a leftover costs the later levels some emulator CPU, not their correctness.
        foreach (var queue in _queues)
        {
            await TryAsync($"delete queue {queue}", () => aws.Sqs.DeleteQueueAsync(queue));
        }

        foreach (var table in _tables)
        {
            await TryAsync($"delete table {table}", () => aws.DynamoDb.DeleteTableAsync(table));
        }

        foreach (var (bucket, prefix) in _objects)
        {
            await TryAsync($"delete s3://{bucket}/{prefix}", () => DeleteObjectsAsync(bucket, prefix));
        }
    }

    private async Task DeleteObjectsAsync(string bucket, string prefix)
    {
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = prefix };
        ListObjectsV2Response page;
        do
        {
            page = await aws.S3.ListObjectsV2Async(request);
            if (page.S3Objects is { Count: > 0 } objects)
            {
                await aws.S3.DeleteObjectsAsync(new DeleteObjectsRequest { BucketName = bucket, Objects = [.. objects.Select(o => new KeyVersion { Key = o.Key })] });
            }

            request.ContinuationToken = page.NextContinuationToken;
        }
        while (page.IsTruncated == true);
    }

    private async Task TryAsync(string what, Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception exception) when (exception is Amazon.Runtime.AmazonServiceException or HttpRequestException)
        {
            progress($"  cleanup: could not {what}: {exception.Message}");
        }
    }
}
