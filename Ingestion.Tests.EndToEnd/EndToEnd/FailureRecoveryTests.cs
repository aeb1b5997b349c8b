using System.Text.Json.Nodes;
using Amazon.SQS.Model;
using Aspire.Hosting.ApplicationModel;
using Ingestion.Messaging;
using Ingestion.Tests.Support;
using static Ingestion.Tests.EndToEnd.TopologyClient;
using static Ingestion.Tests.Support.EventBodies;

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
            QueueUrl = topology.Outputs["sourceCQueueUrl"],
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
                QueueUrl = topology.Outputs["sourceCDeadLetterQueueUrl"],
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
        var pidBefore = ProcessIdOf("worker-sourceA");

        // Post in batches; kill the worker's process (SIGKILL, as a crash) once part of the stream is stored.
        var batches = ids.Chunk(20).ToList();
        await topology.PostAcceptedAsync("sourceA", new JsonArray(batches[0].Select(id => (JsonNode)Equipment(id, contractId)).ToArray()));
        await topology.WaitForItemAsync($"EQUIPMENT#{batches[0][0]}");
        KillServiceProcess(pidBefore);
        foreach (var batch in batches.Skip(1))
        {
            await topology.PostAcceptedAsync("sourceA", new JsonArray(batch.Select(id => (JsonNode)Equipment(id, contractId)).ToArray()));
        }

        // The AppHost starts it again (DCP alone would not), and every accepted event is then stored.
        using (var deadline = TopologyFixture.Deadline(TimeSpan.FromSeconds(90)))
        {
            await topology.Notifications.WaitForResourceAsync("worker-sourceA",
                e => e.Snapshot.State?.Text == KnownResourceStates.Running && PidOf(e.Snapshot) is { } pid && pid != pidBefore, deadline.Token);
            await topology.Notifications.WaitForResourceHealthyAsync("worker-sourceA", deadline.Token);
        }

        foreach (var id in ids)
        {
            await topology.WaitForItemAsync($"EQUIPMENT#{id}");
        }
    }

    [Fact]
    public async Task AWorkerStoppedOnPurposeStaysStopped()
    {
        await topology.StopAsync("worker-sourceC");
        try
        {
            // A crash is started again after 1 s; a stop asked for must not be, for well past that.
            using var window = TopologyFixture.Deadline(TimeSpan.FromSeconds(8));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => topology.Notifications.WaitForResourceAsync("worker-sourceC",
                e => e.Snapshot.State?.Text == KnownResourceStates.Starting || e.Snapshot.State?.Text == KnownResourceStates.Running, window.Token));
        }
        finally
        {
            await topology.StartAsync("worker-sourceC");
        }
    }

    private int ProcessIdOf(string resource)
    {
        Assert.True(topology.Notifications.TryGetCurrentState(resource, out var state), $"no state for {resource}");
        return PidOf(state.Snapshot) ?? throw new InvalidOperationException($"{resource} has no process id");
    }

    // Aspire shows each process's id as the property executable.pid.
    private static int? PidOf(CustomResourceSnapshot snapshot) =>
        snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value is { } value
            && int.TryParse(value.ToString(), System.Globalization.CultureInfo.InvariantCulture, out var pid) ? pid : null;

    // Aspire runs a project as `dotnet run`, which runs the service as its child: a crash is the
    // service process dying, after which `dotnet run` exits with its code.
    private static void KillServiceProcess(int dotnetRunPid)
    {
        var children = File.ReadAllText($"/proc/{dotnetRunPid}/task/{dotnetRunPid}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var service = children.Length > 0 ? int.Parse(children[^1], System.Globalization.CultureInfo.InvariantCulture) : dotnetRunPid;
        System.Diagnostics.Process.GetProcessById(service).Kill();
    }
}
