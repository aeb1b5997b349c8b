using System.Text.Json;
using Amazon.SQS.Model;
using Ingestion.Api.Ordering;
using Ingestion.Messaging;
using Ingestion.Messaging.Aws.OperationLog;
using Ingestion.Tests.Provisioning;
using Ingestion.Tests.Workers;
using Ingestion.Workers.Configuration;
using Ingestion.Workers.Entities;
using Ingestion.Workers.Handling;
using Ingestion.Workers.Messages;
using Ingestion.Workers.Noise;
using Ingestion.Workers.Persistence;
using Ingestion.Workers.Polling;
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
        var episodes = new EpisodeStore(dynamoDb, DataStore, Options.Create(new NoisyEpisodeOptions()));
        var handler = new StatisticsHandler(dynamoDb, DataStore, episodes);
        var reading = new Reading("HydePark", "01", new DateTimeOffset(2026, 11, 24, 11, 40, 0, TimeSpan.Zero), 88);
        var message = new IngestionEvent("e-stats", "noise", "READING", reading.Timestamp, JsonSerializer.SerializeToElement(reading), Sequence: 1);

        await handler.HandleAsync(new EntityMessage<Reading>(message, reading), Cancellation);
        await episodes.CloseEndedAsync(reading.Timestamp.AddHours(1), Cancellation);

        AssertAllowed(process, "BatchGetItem", "Query");
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
        var queue = new SqsSourceQueue(sqs, new DeadLetterQueueLocator(sqs, worker), worker, Options.Create(new PollerOptions { WaitTimeSeconds = 0 }));
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

        AssertAllowed(process, "ReceiveMessage", "DeleteMessageBatch", "ChangeMessageVisibilityBatch", "SendMessageBatch", "GetQueueAttributes", "PutItem");
    }

    [Fact]
    public async Task TheApisCallsAreAllowedByItsRole()
    {
        const string process = "api";
        using var dynamoDb = emulators.DynamoDbFor(process);
        var sequencer = new DynamoDbEventSequencer(dynamoDb, Options.Create(new SequencerOptions { DataStoreTableName = DynaliteFixture.TableName }));

        await sequencer.ReserveAsync("sourceB", 3, Cancellation);

        AssertAllowed(process, "UpdateItem");
    }

    [Fact]
    public void TheCheckReportsACallTheRoleDoesNotAllow()
    {
        AwsOperation[] calls =
        [
            new("api", "dynamodb", "UpdateItem", Table: "datastore", LeadingKeys: ["SEQUENCE#sourceB"]),
            new("api", "dynamodb", "UpdateItem", Table: "datastore", LeadingKeys: ["CONTRACT#c-1"]),
            new("api", "dynamodb", "DeleteItem", Table: "datastore", LeadingKeys: ["SEQUENCE#sourceB"]),
            new("api", "sqs", "ReceiveMessage", Queue: "ingestion-sourceB.fifo"),
        ];

        var denied = PolicyEvaluator.Denied(calls, Template.Statements("ApiRole"));

        Assert.Equal(
        [
            "api: dynamodb:UpdateItem on arn:aws:dynamodb:us-east-1:000000000000:table/datastore (keys CONTRACT#c-1)",
            "api: dynamodb:DeleteItem on arn:aws:dynamodb:us-east-1:000000000000:table/datastore (keys SEQUENCE#sourceB)",
            "api: sqs:ReceiveMessage on arn:aws:sqs:us-east-1:000000000000:ingestion-sourceB.fifo",
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
    public void EveryWorkerOfTheTemplateHasARoleByTheNamingConvention()
    {
        var workers = File.ReadAllLines(RepositoryFiles.Template)
            .Select(line => line.Trim())
            .Where(line => line.StartsWith("- Name: ", StringComparison.Ordinal))
            .Select(line => "worker-" + line["- Name: ".Length..])
            .ToList();

        Assert.NotEmpty(workers);
        Assert.All(workers, worker => Assert.NotEmpty(Template.Statements(TemplateRoles.RoleFor(worker))));
    }

    private void AssertAllowed(string process, params string[] expectedOperations)
    {
        var recorded = emulators.Recorded(process);
        // The log saw what the code did: otherwise an empty log would pass.
        Assert.All(expectedOperations, operation => Assert.Contains(recorded, call => call.Operation == operation));
        var denied = PolicyEvaluator.Denied(recorded, Template.Statements(TemplateRoles.RoleFor(process)));
        Assert.True(denied.Count == 0, $"{TemplateRoles.RoleFor(process)} does not allow:\n{string.Join("\n", denied)}");
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
