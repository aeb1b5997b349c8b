using System.Text.Json;
using Amazon.SQS.Model;
using Ingestion.Messaging;
using Ingestion.Messaging.Aws.OperationLog;
using Ingestion.Messaging.Sns;
using Ingestion.Tests.Provisioning;
using Ingestion.Tests.Workers;
using Ingestion.Workers.Configuration;
using Ingestion.Workers.Entities;
using Ingestion.Workers.Handling;
using Ingestion.Workers.Messages;
using Ingestion.Workers.Noise;
using Ingestion.Workers.Persistence;
using Ingestion.Workers.Polling;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Options = Microsoft.Extensions.Options.Options;

namespace Ingestion.Tests.Iam;

/// <summary>
/// Least privilege, checked: each process's real AWS code runs against lone emulators with the
/// operation log on, and every call it made must be allowed by that process's role in the template.
/// </summary>
public sealed class LeastPrivilegeTests(RecordingEmulators emulators) : IClassFixture<RecordingEmulators>
{
    private static readonly TemplateRoles Template = new(RepositoryFiles.Template);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static readonly IOptions<DataStoreOptions> DataStore = Options.Create(new DataStoreOptions { DataStoreTableName = DynaliteFixture.TableName });

    [Fact]
    public async Task TheStatisticsWorkersCallsAreAllowedByItsRole()
    {
        const string process = "worker-noise-statistics";
        using var dynamoDb = emulators.DynamoDbFor(process);
        var episodeOptions = Options.Create(new NoisyEpisodeOptions());
        var episodes = new EpisodeStore(dynamoDb, DataStore, episodeOptions);
        var handler = new StatisticsHandler(new StatisticsWindows(dynamoDb, DataStore, episodes, episodeOptions));
        var minute = new DateTimeOffset(2026, 11, 24, 11, 40, 0, TimeSpan.Zero);

        // Three noisy minutes open an episode; a late noisy minute before them moves its start (a delete).
        foreach (var offset in new[] { 0, 1, 2, -1 })
        {
            var reading = new Reading("HydePark", "01", minute.AddMinutes(offset), 88);
            var message = new IngestionEvent($"e-stats{offset}", "noise", "READING", reading.Timestamp, JsonSerializer.SerializeToElement(reading), Sequence: 1);
            await handler.HandleAsync(new EntityMessage<Reading>(message, reading), Cancellation);
        }

        await episodes.CloseEndedAsync(["HydePark"], minute.AddHours(1), Cancellation);

        AssertAllowed(process, "BatchGetItem", "BatchWriteItem", "Query", "DeleteItem");
    }

    [Fact]
    public void TheStatisticsRoleMayQueryOnlyEpisodesThroughTheIndex()
    {
        var statements = Template.Statements(Template.RoleFor("worker-noise-statistics"));
        AwsOperation Query(string? index, string key) => new("worker-noise-statistics", "dynamodb", "Query", Table: "datastore", Index: index, LeadingKeys: [key]);

        Assert.Empty(PolicyEvaluator.Denied([Query(EpisodeStore.IndexName, EpisodeStore.LocationKey("HydePark"))], statements));
        Assert.Single(PolicyEvaluator.Denied([Query(EpisodeStore.IndexName, "CONTRACT")], statements));
        Assert.Single(PolicyEvaluator.Denied([Query(null, "CONTRACT#c-1")], statements));
        Assert.Single(PolicyEvaluator.Denied([Query("EntityNameIndex", "CONTRACT")], statements));
    }

    [Fact]
    public async Task AStoreWorkersCallsAreAllowedByItsRole()
    {
        const string process = "worker-sourceB";
        var queueUrl = await CreateQueueAsync("ingestion-sourceB");
        using var dynamoDb = emulators.DynamoDbFor(process);
        using var sqs = emulators.SqsFor(process);
        var store = new DynamoDbItemStore(dynamoDb, DataStore, TimeProvider.System, NullLogger<DynamoDbItemStore>.Instance);
        var worker = Options.Create(new WorkerOptions { Name = "sourceB", QueueUrl = queueUrl });
        var queue = new SqsSourceQueue(sqs, new DeadLetterQueueLocator(sqs, worker), worker, Options.Create(new PollerOptions { WaitTimeSeconds = 0 }),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<SqsSourceQueue>.Instance);
        foreach (var id in new[] { "a", "b", "c", "d" })
        {
            await emulators.Fauxqs.Client.SendMessageAsync(new SendMessageRequest { QueueUrl = queueUrl, MessageBody = "{}", MessageGroupId = id, MessageDeduplicationId = id }, Cancellation);
        }

        // Every SQS call the poller and the batch processor make, and the item store's writes.
        var received = await ReceiveAsync(queue, 4);
        await queue.DeleteAsync([received[0]], Cancellation);
        await queue.ChangeVisibilityAsync([new VisibilityChange(received[1], TimeSpan.Zero)], Cancellation);
        await queue.RequeueAsync([received[2]], Cancellation);
        await queue.SendToDeadLetterQueueAsync([new DeadLetter(received[3], "poison")], Cancellation);
        await store.PutAsync("CONTRACT#c-iam", TestMessages.Event("CONTRACT", TestMessages.Contract("c-iam")), Cancellation);

        AssertAllowed(process, "ReceiveMessage", "DeleteMessageBatch", "ChangeMessageVisibilityBatch", "SendMessageBatch", "GetQueueAttributes", "BatchGetItem", "PutItem", "BatchWriteItem");
    }

    [Fact]
    public async Task TheApisCallsAreAllowedByItsRole()
    {
        const string process = "api";
        // The replay test records as "api" too, into the same log: judge only this test's calls.
        var earlier = emulators.Recorded(process).Count;
        using var dynamoDb = emulators.DynamoDbFor(process);
        // The instances' count, which shares each source's rate limit among them.
        var instances = new Ingestion.Api.Access.ApiInstanceCount(dynamoDb, Options.Create(new Ingestion.Api.Access.DataStoreTableOptions { DataStoreTableName = DynaliteFixture.TableName }),
            Options.Create(new Ingestion.Api.Access.RateLimitOptions()), TimeProvider.System, NullLogger<Ingestion.Api.Access.ApiInstanceCount>.Instance);
        await instances.StampAndCountAsync(Cancellation);

        AssertAllowed(process, earlier, "UpdateItem");
    }

    [Fact]
    public async Task TheApisReplayCallsAreAllowedByItsRole()
    {
        const string process = "api";
        var earlier = emulators.Recorded(process).Count;
        var configuration = emulators.ConfigurationFor(process);
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddSnsClient(configuration, options => options.Credentials = new Amazon.Runtime.BasicAWSCredentials("test", "test")).Services
            .BuildServiceProvider();
        var sns = services.GetRequiredService<ISnsClient>();
        using var sqs = emulators.SqsFor(process);
        using var s3 = emulators.S3For(process);

        // The template's names: its topic, the alert queue and its subscription, the archive bucket of stack "ingestion".
        var topicArn = await sns.CreateTopicAsync("data-ingestion.fifo", new Dictionary<string, string> { ["FifoTopic"] = "true" }, Cancellation);
        var alertsUrl = await CreateQueueAsync("ingestion-noise-alerts");
        var alertsArn = (await emulators.Fauxqs.Client.GetQueueAttributesAsync(alertsUrl, ["QueueArn"], Cancellation)).QueueARN;
        await sns.SubscribeAsync(topicArn, "sqs", alertsArn, new Dictionary<string, string> { ["RawMessageDelivery"] = "true", ["FilterPolicy"] = """{"source":["noise"]}""" }, Cancellation);
        var bucket = Template.BucketName("ArchiveBucket");
        await s3.PutBucketAsync(bucket, Cancellation);
        var received = new DateTimeOffset(2026, 11, 24, 11, 40, 0, TimeSpan.Zero);
        var archived = new IngestionEvent("e-replay", "noise", "READING", received,
            JsonSerializer.SerializeToElement(new { location = "HydePark", sensor = "01", timestamp = "2026-11-24T11:39:00Z", db = 90 }), Sequence: 1);
        await s3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = bucket, Key = ArchiveKeys.For(archived), ContentBody = JsonSerializer.Serialize(archived) }, Cancellation);

        var outputs = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AWS:Resources:NoiseAlertsQueueUrl"] = alertsUrl,
        }).Build();
        var topic = Options.Create(new Ingestion.Api.Publishing.IngestionTopicOptions { IngestionTopicArn = topicArn });
        var schema = new Ingestion.Api.Sources.Schemas.ReadingSchema(Options.Create(new Ingestion.Api.Sources.Schemas.NoiseSourceOptions()), TimeProvider.System);
        var source = new Ingestion.Api.Sources.SourceDefinition("noise", ["READING"]);
        var replayer = new Ingestion.Api.Replay.ArchiveReplayer(
            s3, sqs, new Ingestion.Api.Publishing.PublishBatchSender(sns, topic, NullLogger<Ingestion.Api.Publishing.PublishBatchSender>.Instance),
            new Ingestion.Api.Sources.SourceCatalogue([source], [schema]), Options.Create(new Ingestion.Api.Replay.ReplayOptions { ArchiveBucketName = bucket }),
            TimeProvider.System, NullLogger<Ingestion.Api.Replay.ArchiveReplayer>.Instance);
        var target = await new Ingestion.Api.Replay.SubscriberQueues(sns, topic, outputs).FindAsync("ingestion-noise-alerts.fifo", Cancellation);

        await replayer.RunAsync(new Ingestion.Api.Replay.ReplayJob("r1", source, received.AddMinutes(-1), received.AddMinutes(1), target, received), Cancellation);
        await replayer.RunAsync(new Ingestion.Api.Replay.ReplayJob("r2", source, received.AddMinutes(-1), received.AddMinutes(1), null, received), Cancellation);

        // CreateTopic and Subscribe were the test's set-up, made through the same client: not the API's.
        var recorded = emulators.Recorded(process).Skip(earlier).Where(call => call.Operation is not ("CreateTopic" or "Subscribe")).ToList();
        Assert.All(new[] { "ListSubscriptionsByTopic", "GetSubscriptionAttributes", "ListObjectsV2", "GetObject", "SendMessageBatch", "PublishBatch" },
            operation => Assert.Contains(recorded, call => call.Operation == operation));
        var denied = PolicyEvaluator.Denied(recorded.Where(call => call.Operation is not ("PutBucket" or "CreateBucket" or "PutObject")), Template.Statements("ApiRole"));
        Assert.True(denied.Count == 0, $"ApiRole does not allow:\n{string.Join("\n", denied)}");
    }

    [Fact]
    public void TheCheckReportsACallTheRoleDoesNotAllow()
    {
        AwsOperation[] calls =
        [
            new("api", "dynamodb", "UpdateItem", Table: "datastore", LeadingKeys: ["CONTRACT#c-1"]),
            new("api", "dynamodb", "DeleteItem", Table: "datastore", LeadingKeys: ["SEQUENCE#sourceB"]),
            new("api", "sqs", "ReceiveMessage", Queue: "ingestion-sourceB.fifo"),
            new("api", "sqs", "SendMessageBatch", Queue: "ingestion-noise-alerts-dlq.fifo"),
            new("api", "sqs", "SendMessageBatch", Queue: "ingestion-noise-alerts.fifo"),
        ];

        var denied = PolicyEvaluator.Denied(calls, Template.Statements("ApiRole"));

        Assert.Equal(
        [
            "api: dynamodb:UpdateItem on arn:aws:dynamodb:us-east-1:000000000000:table/datastore (keys CONTRACT#c-1)",
            "api: dynamodb:DeleteItem on arn:aws:dynamodb:us-east-1:000000000000:table/datastore (keys SEQUENCE#sourceB)",
            "api: sqs:ReceiveMessage on arn:aws:sqs:us-east-1:000000000000:ingestion-sourceB.fifo",
            "api: sqs:SendMessage on arn:aws:sqs:us-east-1:000000000000:ingestion-noise-alerts-dlq.fifo",
        ], denied);
    }

    [Fact]
    public void AQueryOnTheIndexNeedsThePermissionOnTheIndexNotJustTheTable()
    {
        var statements = new[] { new PolicyStatement("Allow", ["dynamodb:Query"], ["arn:aws:dynamodb:us-east-1:000000000000:table/datastore"], []) };

        var denied = PolicyEvaluator.Denied([new AwsOperation("w", "dynamodb", "Query", Table: "datastore", Index: "EntityNameIndex")], statements);

        Assert.Single(denied);
    }

    [Fact]
    public void EveryWorkerOfTheTemplateIsDeclaredOnItsOwnRole()
    {
        var workers = Template.Workers;

        Assert.Equal(9, workers.Count);
        Assert.Equal(workers.Count, workers.Select(Template.RoleFor).Distinct().Count());
        Assert.All(workers, worker => Assert.NotEmpty(Template.Statements(Template.RoleFor(worker))));
    }

    private void AssertAllowed(string process, params string[] expectedOperations) => AssertAllowed(process, 0, expectedOperations);

    /// <param name="earlier">Calls recorded under this process name before the test began, left out.</param>
    private void AssertAllowed(string process, int earlier, params string[] expectedOperations)
    {
        var recorded = emulators.Recorded(process).Skip(earlier).ToList();
        // The log saw what the code did: otherwise an empty log would pass.
        Assert.All(expectedOperations, operation => Assert.Contains(recorded, call => call.Operation == operation));
        var denied = PolicyEvaluator.Denied(recorded, Template.Statements(Template.RoleFor(process)));
        Assert.True(denied.Count == 0, $"{Template.RoleFor(process)} does not allow:\n{string.Join("\n", denied)}");
    }

    private async Task<string> CreateQueueAsync(string name)
    {
        var dlq = await emulators.Fauxqs.Client.CreateQueueAsync(new CreateQueueRequest { QueueName = $"{name}-dlq.fifo", Attributes = new() { ["FifoQueue"] = "true" } }, Cancellation);
        var dlqArn = (await emulators.Fauxqs.Client.GetQueueAttributesAsync(dlq.QueueUrl, ["QueueArn"], Cancellation)).QueueARN;
        var queue = await emulators.Fauxqs.Client.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = $"{name}.fifo",
            Attributes = new() { ["FifoQueue"] = "true", ["RedrivePolicy"] = $$"""{"deadLetterTargetArn":"{{dlqArn}}","maxReceiveCount":5}""" },
        }, Cancellation);
        return queue.QueueUrl;
    }

    private static async Task<List<Message>> ReceiveAsync(SqsSourceQueue queue, int count)
    {
        List<Message> received = [];
        while (received.Count < count)
        {
            received.AddRange(await queue.ReceiveAsync(Cancellation));
        }

        return received;
    }
}
