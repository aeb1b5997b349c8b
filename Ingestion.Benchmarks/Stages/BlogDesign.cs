using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Amazon.DynamoDBv2.Model;
using Amazon.SQS.Model;
using Ingestion.Benchmarks.Cost;
using Ingestion.Benchmarks.Load;
using Ingestion.Benchmarks.Topology;
using Ingestion.Messaging.Sns;
using Ingestion.Messaging.Entities;

namespace Ingestion.Benchmarks.Stages;

/// <summary>
/// The blog's design as the naive peer, on the same emulators: one message group per source (all
/// of sourceB's events in one group), one Publish per event, and one consumer that takes a receive
/// of up to 10 and handles its messages one at a time, one PutItem each, then deletes the batch (as
/// Lambda's SQS event source does). Publishers: as many concurrent requests as the API gets. Its
/// items go to a table like the stack's, removed with its queue when it ends (<see cref="ScratchResources"/>).
/// </summary>
internal sealed class BlogDesign(BenchmarkAws aws, StackResources stack, string runId, Action<string> progress)
{
    private const int Publishers = 16;
    private const int MaxMessagesPerReceive = 10;
    private long _sequence;

    public async Task<(LevelResult Result, RequestCounts Requests)> RunAsync(TimeSpan duration, TimeSpan drainTimeout, CancellationToken cancellationToken)
    {
        await using var scratch = new ScratchResources(aws, progress);
        var table = await scratch.TableLikeAsync(stack.TableName, $"benchmark-{runId}-blog", cancellationToken);
        var topicArn = await aws.Sns.CreateTopicAsync($"benchmark-{runId}-blog.fifo", new Dictionary<string, string> { ["FifoTopic"] = "true" }, cancellationToken);
        var queueUrl = (await aws.Sqs.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = $"benchmark-{runId}-blog.fifo",
            Attributes = new Dictionary<string, string> { ["FifoQueue"] = "true" },
        }, cancellationToken)).QueueUrl;
        scratch.Queue(queueUrl);
        var queueArn = (await aws.Sqs.GetQueueAttributesAsync(queueUrl, ["QueueArn"], cancellationToken)).QueueARN;
        await aws.Sns.SubscribeAsync(topicArn, "sqs", queueArn, new Dictionary<string, string> { ["RawMessageDelivery"] = "true" }, cancellationToken);

        var accepted = new ConcurrentBag<SentEvent>();
        var latencies = new ConcurrentBag<double>();
        long publishes = 0, receives = 0, deletes = 0, puts = 0;
        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        using var stopConsumer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        var consumer = Task.Run(async () =>
        {
            while (!stopConsumer.IsCancellationRequested)
            {
                List<Message> messages;
                try
                {
                    messages = (await aws.Sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = MaxMessagesPerReceive, WaitTimeSeconds = 1 }, stopConsumer.Token)).Messages ?? [];
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                Interlocked.Increment(ref receives);
                foreach (var message in messages)
                {
                    await aws.DynamoDb.PutItemAsync(new PutItemRequest
                    {
                        TableName = table,
                        Item = new Dictionary<string, AttributeValue>
                        {
                            [DataStoreAttributes.Id] = new() { S = message.Body },
                            [DataStoreAttributes.EntityName] = new() { S = "BLOG_CONTRACT" },
                            [DataStoreAttributes.StoredAt] = new() { S = DateTimeOffset.UtcNow.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture) },
                        },
                    }, CancellationToken.None);
                    Interlocked.Increment(ref puts);
                }

                if (messages.Count > 0)
                {
                    await aws.Sqs.DeleteMessageBatchAsync(new DeleteMessageBatchRequest
                    {
                        QueueUrl = queueUrl,
                        Entries = [.. messages.Select((m, i) => new DeleteMessageBatchRequestEntry(i.ToString(CultureInfo.InvariantCulture), m.ReceiptHandle))],
                    }, CancellationToken.None);
                    Interlocked.Increment(ref deletes);
                }
            }
        }, CancellationToken.None);

        await Task.WhenAll(Enumerable.Range(0, Publishers).Select(async _ =>
        {
            while (clock.Elapsed < duration && !cancellationToken.IsCancellationRequested)
            {
                var id = $"BLOG#{runId}-{Interlocked.Increment(ref _sequence)}";
                var sentAt = DateTimeOffset.UtcNow;
                var started = clock.Elapsed;
                try
                {
                    // The body is the item's id: the consumer needs nothing else to write it.
                    await aws.Sns.PublishAsync(new SnsPublishRequest(topicArn, id, new Dictionary<string, SnsMessageAttribute>
                    {
                        ["source"] = new("String", "sourceB"),
                        ["entity_name"] = new("String", "CONTRACT"),
                    }, MessageGroupId: "sourceB", MessageDeduplicationId: id), cancellationToken);
                    latencies.Add((clock.Elapsed - started).TotalMilliseconds);
                    accepted.Add(new SentEvent(id, sentAt));
                }
                catch (SnsException)
                {
                }

                Interlocked.Increment(ref publishes);
            }
        }));
        var load = new LoadResult(startedAt, DateTimeOffset.UtcNow, clock.Elapsed.TotalSeconds, (int)publishes, [.. accepted],
            new Dictionary<int, int>(), 0, Measurement.Percentiles.Summarise(latencies));

        var reader = new StoredReader(aws.DynamoDb, table);
        var stored = await reader.WaitForAsync([.. accepted.Select(sent => sent.ContractId)], drainTimeout,
            (done, all) => progress($"  blog design draining: {done:N0} of {all:N0} stored"), cancellationToken);
        await stopConsumer.CancelAsync();
        await consumer;

        // SentEvent.ItemId prefixes CONTRACT#; these ids are the items' own.
        var byContract = stored.ToDictionary(pair => $"CONTRACT#{pair.Key}", pair => pair.Value, StringComparer.Ordinal);
        var result = LevelResult.From("blog design", 0, load, byContract);
        var requests = Requests(accepted.Count, publishes, puts, receives + deletes);
        return (result, requests);
    }

    /// <summary>
    /// The requests the blog's design makes on AWS for what this run did. Its consumer's receives and
    /// deletes are priced as SQS answers a queue that holds a backlog of one group: up to 10 of the
    /// group's messages per receive (fauxqs gives one message per group per receive, so on the emulator
    /// it made about one receive and one delete per event, <paramref name="emulatorConsumerRequests"/>).
    /// The queue held a backlog the whole run (its publishers outrun its one consumer many times over),
    /// so a full receive and one delete per 10 events. A consumer still behind when the drain ended
    /// made its requests for only part of the events: priced per event it processed, for every
    /// accepted one, so that the unprocessed rest is not priced as free.
    /// </summary>
    internal static RequestCounts Requests(long accepted, long publishes, long puts, long emulatorConsumerRequests)
    {
        var perProcessed = puts == 0 ? 1 : Math.Max(1, (double)accepted / puts);
        long Scaled(long consumerRequests) => (long)Math.Round(consumerRequests * perProcessed);
        var fullReceives = (puts + MaxMessagesPerReceive - 1) / MaxMessagesPerReceive;
        return new RequestCounts(
            Events: accepted,
            SnsPublishRequests: publishes,
            SnsDeliveries: accepted,
            SqsRequests: Scaled(2 * fullReceives) + accepted, // receives, deletes, and SNS's delivery into the queue
            DynamoDbWriteUnits: Scaled(puts),
            DynamoDbReadUnits: 0,
            S3Puts: 0,
            EmulatorConsumerRequests: Scaled(emulatorConsumerRequests));
    }
}
