using System.Globalization;
using Amazon.DynamoDBv2.Model;
using Amazon.S3.Model;
using Amazon.SQS.Model;
using Ingestion.Benchmarks.Topology;
using Ingestion.Messaging.Sns;
using Ingestion.Messaging.Entities;

namespace Ingestion.Benchmarks.Stages;

/// <summary>
/// Each stage alone, with the services' clients and request shapes: PublishBatch of 10 to a copy
/// of the stack's topic with the same subscriptions and filter policies (into copies of its queues,
/// so no worker consumes them), receive 10 + DeleteMessageBatch draining the sourceB copy,
/// conditional PutItem and BatchWriteItem of 25 to a copy of the data store (its keys and indexes),
/// PutObject to the archive bucket. What they leave is removed at the end (<see cref="ScratchResources"/>).
/// </summary>
internal sealed class StageCeilings(BenchmarkAws aws, StackResources stack, string runId, TimeSpan duration, Action<string> progress)
{
    private const int Concurrency = 16;
    private long _sequence;

    public async Task<IReadOnlyList<StageResult>> RunAsync(CancellationToken cancellationToken)
    {
        await using var scratch = new ScratchResources(aws, progress);
        var mirror = await MirrorTopicAsync(scratch, cancellationToken);
        var table = await scratch.TableLikeAsync(stack.TableName, $"benchmark-{runId}-stages", cancellationToken);
        scratch.Objects(stack.ArchiveBucket, ObjectPrefix);
        var results = new List<StageResult>();
        async Task Run(Func<Task<StageResult>> stage)
        {
            var result = await stage();
            progress($"  {result.Name}: {result.UnitsPerSecond:N0} {result.Unit}/s ({result.Calls:N0} calls, {result.Errors} errors, p50 {result.CallLatency.P50:N1} ms)");
            results.Add(result);
        }

        await Run(() => TimedRun.RunAsync($"SNS PublishBatch (10) fanning out to {mirror.Subscriptions} subscriptions", "messages published", Concurrency, duration, async token =>
        {
            var entries = Enumerable.Range(0, 10).Select(index => ContractEntry(index)).ToList();
            var result = await aws.Sns.PublishBatchAsync(mirror.TopicArn, entries, token);
            return result.Successful.Count;
        }, cancellationToken));

        await Run(() => TimedRun.RunAsync("SQS ReceiveMessage (10) + DeleteMessageBatch", "messages", 4, duration, async token =>
        {
            var received = await aws.Sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = mirror.SourceBQueueUrl,
                MaxNumberOfMessages = 10,
                WaitTimeSeconds = 1,
                MessageAttributeNames = ["All"],
                MessageSystemAttributeNames = ["MessageGroupId", "ApproximateReceiveCount", "SentTimestamp"],
            }, token);
            var messages = received.Messages ?? [];
            if (messages.Count > 0)
            {
                await aws.Sqs.DeleteMessageBatchAsync(new DeleteMessageBatchRequest
                {
                    QueueUrl = mirror.SourceBQueueUrl,
                    Entries = [.. messages.Select((message, index) => new DeleteMessageBatchRequestEntry(index.ToString(CultureInfo.InvariantCulture), message.ReceiptHandle))],
                }, token);
            }

            return messages.Count;
        }, cancellationToken, stopWhenEmpty: true));

        await Run(() => TimedRun.RunAsync("DynamoDB conditional PutItem", "items", Concurrency, duration, async token =>
        {
            await aws.DynamoDb.PutItemAsync(new PutItemRequest
            {
                TableName = table,
                Item = Item(),
                // The workers' shape: write only if the stored order key is lower (or nothing is stored).
                ConditionExpression = "attribute_not_exists(ID) OR ORDER_KEY < :order",
                ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":order"] = new() { S = "00000000000000000001" } },
            }, token);
            return 1;
        }, cancellationToken));

        await Run(() => TimedRun.RunAsync("DynamoDB BatchWriteItem (25)", "items", Concurrency / 2, duration, async token =>
        {
            var requests = Enumerable.Range(0, 25).Select(_ => new WriteRequest(new PutRequest(Item()))).ToList();
            var written = 25;
            var response = await aws.DynamoDb.BatchWriteItemAsync(new BatchWriteItemRequest(new Dictionary<string, List<WriteRequest>> { [table] = requests }), token);
            written -= response.UnprocessedItems?.GetValueOrDefault(table)?.Count ?? 0;
            return written;
        }, cancellationToken));

        await Run(() => TimedRun.RunAsync("S3 PutObject (one event)", "objects", Concurrency, duration, async token =>
        {
            await aws.S3.PutObjectAsync(new PutObjectRequest
            {
                BucketName = stack.ArchiveBucket,
                Key = $"{ObjectPrefix}{Interlocked.Increment(ref _sequence)}.json",
                ContentBody = ContractJson(Interlocked.Increment(ref _sequence)),
                ContentType = "application/json",
            }, token);
            return 1;
        }, cancellationToken));
        return results;
    }

    private string ObjectPrefix => $"benchmark/{runId}/";

    private Dictionary<string, AttributeValue> Item()
    {
        var id = Interlocked.Increment(ref _sequence);
        return new Dictionary<string, AttributeValue>
        {
            [DataStoreAttributes.Id] = new() { S = $"BENCHMARK#{runId}#{id}" },
            [DataStoreAttributes.EntityName] = new() { S = "BENCHMARK" },
            [DataStoreAttributes.OrderKey] = new() { S = "00000000000000000002" },
            ["contract_name"] = new() { S = "Benchmark contract" },
            ["contract_type"] = new() { S = "FIXED_PRICE" },
            ["contract_status"] = new() { S = "ACTIVE" },
            [DataStoreAttributes.StoredAt] = new() { S = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture) },
        };
    }

    private SnsBatchEntry ContractEntry(int index)
    {
        var id = Interlocked.Increment(ref _sequence);
        return new SnsBatchEntry(
            index.ToString(CultureInfo.InvariantCulture),
            ContractJson(id),
            new Dictionary<string, SnsMessageAttribute>(StringComparer.Ordinal)
            {
                ["source"] = new("String", "sourceB"),
                ["entity_name"] = new("String", "CONTRACT"),
            },
            MessageGroupId: $"CONTRACT#{runId}-{id}",
            MessageDeduplicationId: $"{runId}-stage-{id}");
    }

    private string ContractJson(long id) =>
        $$$"""{"event_id":"{{{runId}}}-{{{id}}}","source":"sourceB","entity_name":"CONTRACT","received_at":"{{{DateTimeOffset.UtcNow:O}}}","body":{"contract_id":"{{{runId}}}-{{{id}}}","contract_name":"Benchmark contract","contract_type":"FIXED_PRICE","contract_status":"ACTIVE"}}""";

    /// <summary>A topic like the stack's, subscribed by copies of each of its queues with the same filter policy and raw delivery setting.</summary>
    private async Task<MirrorTopic> MirrorTopicAsync(ScratchResources scratch, CancellationToken cancellationToken)
    {
        var topicArn = await aws.Sns.CreateTopicAsync($"benchmark-{runId}.fifo", new Dictionary<string, string> { ["FifoTopic"] = "true" }, cancellationToken);
        var subscriptions = await aws.Sns.ListSubscriptionsByTopicAsync(stack.TopicArn, cancellationToken);
        string? sourceBCopy = null;
        foreach (var subscription in subscriptions.Where(s => s.Protocol == "sqs"))
        {
            var queueName = subscription.Endpoint[(subscription.Endpoint.LastIndexOf(':') + 1)..];
            var copy = await aws.Sqs.CreateQueueAsync(new CreateQueueRequest
            {
                QueueName = $"benchmark-{runId}-{queueName}",
                Attributes = new Dictionary<string, string> { ["FifoQueue"] = "true" },
            }, cancellationToken);
            scratch.Queue(copy.QueueUrl);
            var arn = (await aws.Sqs.GetQueueAttributesAsync(copy.QueueUrl, ["QueueArn"], cancellationToken)).QueueARN;
            var attributes = await aws.Sns.GetSubscriptionAttributesAsync(subscription.SubscriptionArn, cancellationToken);
            await aws.Sns.SubscribeAsync(topicArn, "sqs", arn,
                attributes.Where(a => a.Key is "FilterPolicy" or "FilterPolicyScope" or "RawMessageDelivery").ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal),
                cancellationToken);
            if (queueName.Contains("sourceB", StringComparison.Ordinal) && !queueName.Contains("dlq", StringComparison.Ordinal))
            {
                sourceBCopy = copy.QueueUrl;
            }
        }

        return new MirrorTopic(topicArn, subscriptions.Count, sourceBCopy ?? throw new InvalidOperationException("the stack's topic has no sourceB subscription"));
    }

    private sealed record MirrorTopic(string TopicArn, int Subscriptions, string SourceBQueueUrl);
}
