using System.Diagnostics;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using Ingestion.Messaging.Aws;
using Ingestion.Messaging.Sns;
using Ingestion.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace Ingestion.Tests.Messaging;

/// <summary>The client against a real emulator: a FIFO topic routing by filter policy to FIFO queues with raw delivery.</summary>
public sealed class SnsClientFauxqsTests : IAsyncLifetime
{
    private static readonly BasicAWSCredentials DummyCredentials = new("test", "test");

    private NodeEmulator? _fauxqs;

    public async ValueTask InitializeAsync() => _fauxqs = await NodeEmulator.StartFauxqsAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_fauxqs is not null)
        {
            await _fauxqs.DisposeAsync();
        }
    }

    [Fact]
    public async Task PublishedEventsReachOnlyTheQueuesWhoseFilterMatchesWithTheirAttributes()
    {
        var ct = TestContext.Current.CancellationToken;
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AWS:Region"] = "us-east-1",
                ["AWS:Endpoints:SNS"] = _fauxqs!.Endpoint.ToString(),
                ["AWS:Endpoints:SQS"] = _fauxqs.Endpoint.ToString(),
            })
            .Build();
        using var httpClient = new HttpClient();
        var sns = new SnsClient(httpClient, new SnsClientOptions
        {
            ServiceUrl = new Uri(configuration["AWS:Endpoints:SNS"]!),
            Region = configuration["AWS:Region"],
            Credentials = DummyCredentials,
        });
        using var sqs = new AmazonSQSClient(DummyCredentials, AwsServiceConfig.Configure(new AmazonSQSConfig(), configuration, AwsConfigurationKeys.Sqs));

        var topicArn = await sns.CreateTopicAsync(
            "data-ingestion.fifo",
            new Dictionary<string, string> { ["FifoTopic"] = "true", ["ContentBasedDeduplication"] = "false" },
            ct);
        var (queueA, queueAArn) = await CreateFifoQueueAsync(sqs, "sourceA.fifo", ct);
        var (queueB, queueBArn) = await CreateFifoQueueAsync(sqs, "sourceB.fifo", ct);
        foreach (var (source, queueArn) in new[] { ("sourceA", queueAArn), ("sourceB", queueBArn) })
        {
            await sns.SubscribeAsync(topicArn, "sqs", queueArn, new Dictionary<string, string>
            {
                ["FilterPolicy"] = $$"""{"source":["{{source}}"]}""",
                ["RawMessageDelivery"] = "true",
            }, ct);
        }

        using var producer = new Activity("test-producer").SetIdFormat(ActivityIdFormat.W3C).Start();
        var batch = await sns.PublishBatchAsync(topicArn,
        [
            Entry("e1", "sourceA", "CONTRACT", "CONTRACT#c-1"),
            Entry("e2", "sourceA", "CONTRACT", "CONTRACT#c-1"),
            Entry("e3", "sourceB", "MILESTONE", "MILESTONE#m-1"),
        ], ct);
        var single = await sns.PublishAsync(new SnsPublishRequest(
            topicArn, """{"event_id":"e4"}""", Attributes("e4", "sourceB", "MILESTONE"), "MILESTONE#m-2", "e4"), ct);
        producer.Stop();

        Assert.Equal("arn:aws:sns:us-east-1:000000000000:data-ingestion.fifo", topicArn);
        Assert.Equal("true", (await sns.GetTopicAttributesAsync(topicArn, ct))["FifoTopic"]);
        Assert.Equal(
            [("sqs", queueAArn), ("sqs", queueBArn)],
            (await sns.ListSubscriptionsByTopicAsync(topicArn, ct)).Select(s => (s.Protocol, s.Endpoint)).Order());
        Assert.Equal(["e1", "e2", "e3"], batch.Successful.Select(s => s.Id));
        Assert.Empty(batch.Failed);
        Assert.False(string.IsNullOrEmpty(single));

        var fromA = await ReceiveAsync(sqs, queueA, expected: 2, ct);
        var fromB = await ReceiveAsync(sqs, queueB, expected: 2, ct);

        Assert.Equal(["""{"event_id":"e1"}""", """{"event_id":"e2"}"""], fromA.Select(m => m.Body));
        Assert.Equal(["""{"event_id":"e3"}""", """{"event_id":"e4"}"""], fromB.Select(m => m.Body).Order());
        var first = fromA[0];
        Assert.Equal("sourceA", first.MessageAttributes["source"].StringValue);
        Assert.Equal("CONTRACT", first.MessageAttributes["entity_name"].StringValue);
        Assert.Equal("e1", first.MessageAttributes["event_id"].StringValue);
        Assert.Equal("CONTRACT#c-1", first.Attributes["MessageGroupId"]);
        Assert.Contains($"-{producer.TraceId}-", first.MessageAttributes["traceparent"].StringValue);
        Assert.All(fromB, m => Assert.Equal("sourceB", m.MessageAttributes["source"].StringValue));
    }

    private static SnsBatchEntry Entry(string eventId, string source, string entity, string group) =>
        new(eventId, $$"""{"event_id":"{{eventId}}"}""", Attributes(eventId, source, entity), group, eventId);

    private static Dictionary<string, SnsMessageAttribute> Attributes(string eventId, string source, string entity) => new()
    {
        ["source"] = new("String", source),
        ["entity_name"] = new("String", entity),
        ["event_id"] = new("String", eventId),
    };

    private static async Task<(string Url, string Arn)> CreateFifoQueueAsync(AmazonSQSClient sqs, string name, CancellationToken ct)
    {
        var url = (await sqs.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = name,
            Attributes = new Dictionary<string, string> { ["FifoQueue"] = "true" },
        }, ct)).QueueUrl;
        var arn = (await sqs.GetQueueAttributesAsync(url, ["QueueArn"], ct)).QueueARN;
        return (url, arn);
    }

    /// <summary>
    /// Receives and deletes until <paramref name="expected"/> messages arrived (deadline 20 s), then
    /// checks nothing else is waiting. Deleting matters: FIFO holds a group's next message back
    /// while the previous one is in flight.
    /// </summary>
    private static async Task<List<Message>> ReceiveAsync(AmazonSQSClient sqs, string queueUrl, int expected, CancellationToken ct)
    {
        var received = new List<Message>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (received.Count < expected && DateTime.UtcNow < deadline)
        {
            var batch = await ReceiveBatchAsync(sqs, queueUrl, waitSeconds: 1, ct);
            foreach (var message in batch)
            {
                await sqs.DeleteMessageAsync(queueUrl, message.ReceiptHandle, ct);
            }

            received.AddRange(batch);
        }

        Assert.Equal(expected, received.Count);
        Assert.Empty(await ReceiveBatchAsync(sqs, queueUrl, waitSeconds: 0, ct));
        return received;
    }

    private static async Task<List<Message>> ReceiveBatchAsync(AmazonSQSClient sqs, string queueUrl, int waitSeconds, CancellationToken ct)
    {
        var response = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = queueUrl,
            MaxNumberOfMessages = 10,
            WaitTimeSeconds = waitSeconds,
            VisibilityTimeout = 60,
            MessageAttributeNames = ["All"],
            MessageSystemAttributeNames = ["All"],
        }, ct);
        return response.Messages ?? [];
    }
}
