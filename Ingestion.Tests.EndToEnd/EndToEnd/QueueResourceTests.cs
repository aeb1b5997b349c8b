using Amazon.SQS.Model;
using Aspire.Hosting.ApplicationModel;
using Ingestion.Topology.Queues;
using Ingestion.Messaging;
using static Ingestion.Tests.EndToEnd.TopologyClient;
using static Ingestion.Tests.Support.EventBodies;
using Ingestion.Topology.Metadata;

namespace Ingestion.Tests.EndToEnd;

/// <summary>The stack's queues as dashboard resources: after the services, their dead-letter queues under them once they hold something, with the depth SQS reports.</summary>
[Collection(TopologyCollection.Name)]
public sealed class QueueResourceTests(TopologyFixture topology)
{
    [Fact]
    public async Task EachQueueFollowsTheServicesAndItsTwoDeadLetterQueuesAreChildrenOfTheQueue()
    {
        var queues = topology.VisibleResources().OfType<SqsQueueResource>().ToList();

        // A neighbourhood's subscription dead-letters into its worker's dead-letter queue: two queues, not three.
        Assert.Equal(topology.Stack.Workers.Sum(w => w.UndeliveredQueueUrlOutput is null ? 2 : 3), queues.Count);
        Assert.Equal(24, queues.Count);
        Assert.All(queues, queue => Assert.Same(topology.Stack, queue.Stack));
        var undelivered = Assert.Single(queues, q => q.Name == "ingestion-sourceB-undelivered");
        Assert.Equal("ingestion-sourceB", undelivered.DeadLetterFor?.Name);
        var deadLetter = Assert.Single(queues, q => q.Name == "ingestion-sourceB-dlq");
        Assert.Equal("ingestion-sourceB", deadLetter.DeadLetterFor?.Name);
        Assert.Equal(topology.Outputs["sourceBDeadLetterQueueUrl"], deadLetter.Url);

        // What the dashboard nests by: the parent's name in each snapshot (Aspire's resource.parentName property).
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        await topology.Notifications.WaitForResourceAsync(deadLetter.Name, e => ParentName(e.Snapshot) == "ingestion-sourceB", timeout.Token);
        await topology.Notifications.WaitForResourceAsync(undelivered.Name, e => ParentName(e.Snapshot) == "ingestion-sourceB", timeout.Token);
        var queue = await topology.Notifications.WaitForResourceAsync("ingestion-sourceB", e => e.Snapshot.ResourceType == "SQS queue", timeout.Token);
        Assert.Null(ParentName(queue.Snapshot));

        // And by what it sorts the top level by, the resource type: the queues come after the emulators and the services.
        foreach (var service in new[] { "fauxqs", "dynalite", "api", "worker-sourceB", "ingestion" })
        {
            Assert.True(topology.Notifications.TryGetCurrentState(service, out var state), $"no state for {service}");
            Assert.True(string.Compare(state.Snapshot.ResourceType, queue.Snapshot.ResourceType, StringComparison.CurrentCulture) < 0, $"{service} ({state.Snapshot.ResourceType}) sorts after the queues");
        }
    }

    private static string? ParentName(CustomResourceSnapshot snapshot) =>
        snapshot.Properties.FirstOrDefault(property => property.Name == "resource.parentName")?.Value?.ToString();

    [Fact]
    public async Task ADeadLetterQueueIsShownWithItsDepthOnceItHoldsAMessageAndHiddenOnceEmpty()
    {
        const string Resource = "ingestion-archive-dlq";
        var url = topology.Outputs["ArchiveDeadLetterQueueUrl"];
        var eventId = UniqueId("depth");
        await topology.Sqs.SendMessageAsync(new SendMessageRequest
        {
            QueueUrl = url,
            MessageBody = $$"""{"event_id":"{{eventId}}"}""",
            MessageGroupId = eventId,
            MessageDeduplicationId = eventId,
            MessageAttributes = new() { [MessageAttributeNames.EventId] = new() { DataType = "String", StringValue = eventId } },
        }, TestContext.Current.CancellationToken);
        try
        {
            using var deadline = TopologyFixture.Deadline(TimeSpan.FromSeconds(20));
            var shown = await topology.Notifications.WaitForResourceAsync(Resource, e => Depth(e.Snapshot) >= 1 && !e.Snapshot.IsHidden, deadline.Token);

            Assert.Contains("waiting", shown.Snapshot.Properties.Single(p => p.Name == "resource.source").Value?.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            await DrainAsync(url);
        }

        using (var deadline = TopologyFixture.Deadline(TimeSpan.FromSeconds(20)))
        {
            // Empty again: hidden from the dashboard's list until the next failure.
            await topology.Notifications.WaitForResourceAsync(Resource, e => Depth(e.Snapshot) == 0 && e.Snapshot.IsHidden, deadline.Token);
        }
    }

    private static long? Depth(CustomResourceSnapshot snapshot) =>
        snapshot.Properties.FirstOrDefault(p => p.Name == QueueDepthMonitor.Waiting)?.Value is { } value
            && long.TryParse(value.ToString(), System.Globalization.CultureInfo.InvariantCulture, out var depth) ? depth : null;

    private async Task DrainAsync(string url)
    {
        while ((await topology.Sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = url, MaxNumberOfMessages = 10, WaitTimeSeconds = 0 }, TestContext.Current.CancellationToken)).Messages is { Count: > 0 } messages)
        {
            foreach (var message in messages)
            {
                await topology.Sqs.DeleteMessageAsync(url, message.ReceiptHandle, TestContext.Current.CancellationToken);
            }
        }
    }
}
