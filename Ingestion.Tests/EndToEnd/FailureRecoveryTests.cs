using System.Text.Json.Nodes;
using Amazon.SQS.Model;
using Ingestion.AppHost.Model;
using Ingestion.Messaging;
using Ingestion.Tests.Support;
using static Ingestion.Tests.EndToEnd.TopologyClient;

namespace Ingestion.Tests.EndToEnd;

/// <summary>Accepted data ends stored or in a dead-letter queue, whatever fails on the way.</summary>
[Collection(TopologyCollection.Name)]
public sealed class FailureRecoveryTests(TopologyFixture topology)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task APoisonMessageEndsInTheDeadLetterQueueAtOnceWithItsReason()
    {
        var poisonId = UniqueId("poison");
        await topology.Sqs.SendMessageAsync(new SendMessageRequest
        {
            QueueUrl = topology.Outputs["SourceCQueueUrl"],
            MessageBody = "{ this is not an event " + poisonId,
            MessageGroupId = poisonId,
            MessageDeduplicationId = poisonId,
            MessageAttributes = new()
            {
                [MessageAttributeNames.Source] = new MessageAttributeValue { DataType = "String", StringValue = "sourceC" },
            },
        }, Cancellation);

        var deadLetter = await Eventually.GetAsync(async () =>
        {
            var reply = await topology.Sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = topology.Outputs["SourceCDeadLetterQueueUrl"],
                MaxNumberOfMessages = 10,
                VisibilityTimeout = 0,
                MessageSystemAttributeNames = ["All"],
                MessageAttributeNames = ["All"],
            }, Cancellation);
            return reply.Messages?.FirstOrDefault(m => m.Body.Contains(poisonId, StringComparison.Ordinal));
        }, TimeSpan.FromSeconds(60), "the poison message in sourceC's dead-letter queue", Cancellation);

        Assert.Equal(poisonId, deadLetter.Attributes["MessageGroupId"]);
        Assert.Equal("sourceC", deadLetter.MessageAttributes[MessageAttributeNames.Source].StringValue);
        // Moved by the worker on its first attempt (no retries spent on what cannot succeed), saying why.
        Assert.StartsWith("body is not an ingestion event", deadLetter.MessageAttributes["dead_letter_reason"].StringValue, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KillingAWorkerMidStreamLosesNoAcceptedEvent()
    {
        const int Events = 120;
        var ids = Enumerable.Range(0, Events).Select(_ => UniqueId("e")).ToList();
        var contractId = UniqueId("c");
        var worker = topology.App.Supervisor.Get("worker-sourceA");
        var restartsBefore = worker.Snapshot().RestartCount;

        // Post in batches; kill the worker (as a crash would) once part of the stream is stored.
        var batches = ids.Chunk(20).ToList();
        await topology.PostAcceptedAsync("sourceA", new JsonArray(batches[0].Select(id => (JsonNode)Equipment(id, contractId)).ToArray()));
        await topology.WaitForItemAsync($"EQUIPMENT#{batches[0][0]}");
        worker.Kill();
        foreach (var batch in batches.Skip(1))
        {
            await topology.PostAcceptedAsync("sourceA", new JsonArray(batch.Select(id => (JsonNode)Equipment(id, contractId)).ToArray()));
        }

        // The supervisor restarts it, and every accepted event is then stored.
        await Eventually.TrueAsync(
            () => Task.FromResult(worker.Snapshot() is { State: ResourceState.Running } snapshot && snapshot.RestartCount > restartsBefore),
            TimeSpan.FromSeconds(60), "worker-sourceA to be restarted", Cancellation);
        foreach (var id in ids)
        {
            await topology.WaitForItemAsync($"EQUIPMENT#{id}");
        }
    }
}
