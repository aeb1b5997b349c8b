using Amazon.SQS.Model;
using Aspire.Hosting.ApplicationModel;
using Ingestion.Hosting.AWS.Queues;
using Ingestion.Messaging;
using static Ingestion.Tests.EndToEnd.TopologyClient;

namespace Ingestion.Tests.EndToEnd;

/// <summary>The stack's queues as dashboard resources: children of the stack, with the depth SQS reports.</summary>
[Collection(TopologyCollection.Name)]
public sealed class QueueResourceTests(TopologyFixture topology)
{
    [Fact]
    public async Task EachQueueIsAChildOfTheStackAndItsTwoDeadLetterQueuesAreChildrenOfTheQueue()
    {
        var queues = topology.VisibleResources().OfType<SqsQueueResource>().ToList();

        Assert.Equal(3 * topology.Stack.Workers.Count, queues.Count);
        Assert.All(queues, queue => Assert.Same(topology.Stack, queue.Stack));
        Assert.All(queues.Where(queue => !queue.IsDeadLetterQueue), queue => Assert.Same(topology.Stack, queue.Parent));
        var undelivered = Assert.Single(queues, q => q.Name == "ingestion-sourceB-undelivered");
        Assert.Equal("ingestion-sourceB", undelivered.DeadLetterFor?.Name);
        Assert.Same(undelivered.DeadLetterFor, undelivered.Parent);
        var deadLetter = Assert.Single(queues, q => q.Name == "ingestion-sourceB-dlq");
        Assert.Equal("ingestion-sourceB", deadLetter.DeadLetterFor?.Name);
        Assert.Same(deadLetter.DeadLetterFor, deadLetter.Parent);
        Assert.Equal(topology.Outputs["sourceBDeadLetterQueueUrl"], deadLetter.Url);

        // What the dashboard nests by: the parent's name in each snapshot (Aspire's resource.parentName property).
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        await topology.Notifications.WaitForResourceAsync(deadLetter.Name, e => ParentName(e.Snapshot) == "ingestion-sourceB", timeout.Token);
        await topology.Notifications.WaitForResourceAsync("ingestion-sourceB", e => ParentName(e.Snapshot) == topology.Stack.Name, timeout.Token);
    }

    private static string? ParentName(CustomResourceSnapshot snapshot) =>
        snapshot.Properties.FirstOrDefault(property => property.Name == "resource.parentName")?.Value?.ToString();

    [Fact]
    public async Task ADeadLetterShowsInItsQueuesDepthWithinSeconds()
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
            var shown = await topology.Notifications.WaitForResourceAsync(Resource, e => Depth(e.Snapshot) >= 1, deadline.Token);

            Assert.Contains("waiting", shown.Snapshot.Properties.Single(p => p.Name == "resource.source").Value?.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            await DrainAsync(url);
        }

        using (var deadline = TopologyFixture.Deadline(TimeSpan.FromSeconds(20)))
        {
            await topology.Notifications.WaitForResourceAsync(Resource, e => Depth(e.Snapshot) == 0, deadline.Token);
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
