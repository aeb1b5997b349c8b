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
    public void EachQueueAndBothItsDeadLetterQueuesAreChildrenOfTheStack()
    {
        var queues = topology.VisibleResources().OfType<SqsQueueResource>().ToList();

        Assert.Equal(3 * topology.Stack.Workers.Count, queues.Count);
        var undelivered = Assert.Single(queues, q => q.Name == "ingestion-sourceB-undelivered");
        Assert.Equal("ingestion-sourceB", undelivered.DeadLetterFor?.Name);
        Assert.All(queues, queue => Assert.Same(topology.Stack, queue.Parent));
        var deadLetter = Assert.Single(queues, q => q.Name == "ingestion-sourceB-dlq");
        Assert.Equal("ingestion-sourceB", deadLetter.DeadLetterFor?.Name);
        Assert.Equal(topology.Outputs["sourceBDeadLetterQueueUrl"], deadLetter.Url);
    }

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
