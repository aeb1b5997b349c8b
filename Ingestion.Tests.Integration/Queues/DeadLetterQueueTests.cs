using Amazon.SQS.Model;
using Ingestion.Topology.Queues;
using Ingestion.Tests.Support;

namespace Ingestion.Tests.Queues;

/// <summary>Dead-letter peeks and redrive against a real fauxqs: what the dashboard's queue commands do.</summary>
public sealed class DeadLetterQueueTests(FauxqsSqsFixture fauxqs) : IClassFixture<FauxqsSqsFixture>, IAsyncLifetime
{
    private const string TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    private string _source = null!;
    private string _queueUrl = null!;
    private string _deadLetterUrl = null!;

    public async ValueTask InitializeAsync()
    {
        // Each test its own queues, so they share nothing.
        _source = "src" + Guid.NewGuid().ToString("N")[..8];
        (_queueUrl, _deadLetterUrl) = await fauxqs.CreateQueueWithDeadLetterQueueAsync(_source, maxReceiveCount: 1);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task CountsShowWaitingAndInFlightMessages()
    {
        await SendAsync(_queueUrl, "evt-waiting");
        await SendAsync(_queueUrl, "evt-taken", group: "other");
        await ReceiveOneAsync(_queueUrl);

        var counts = await QueueCounts.ReadAsync(fauxqs.Client, _queueUrl, TestContext.Current.CancellationToken);

        Assert.Equal(new QueueCounts(Visible: 1, InFlight: 1, Delayed: 0), counts);
    }

    [Fact]
    public async Task APeekListsDeadLettersWithTheirErrorAndTraceAndReleasesThem()
    {
        await SendAsync(_deadLetterUrl, "evt-broken", error: "InvalidEventException: contract_status is not one of the allowed values");
        await SendAsync(_deadLetterUrl, "evt-exhausted", group: "other");

        var messages = await new DeadLetterReader(fauxqs.Client).PeekAsync(_deadLetterUrl, 10, TestContext.Current.CancellationToken);

        Assert.Equal(["evt-broken", "evt-exhausted"], messages.Select(m => m.EventId).Order());
        var broken = messages.Single(m => m.EventId == "evt-broken");
        Assert.Equal("InvalidEventException: contract_status is not one of the allowed values", broken.Error);
        Assert.Equal("0af7651916cd43dd8448eb211c80319c", broken.TraceId);
        Assert.Equal(_source, broken.Source);
        Assert.Contains("maxReceiveCount", messages.Single(m => m.EventId == "evt-exhausted").Error, StringComparison.Ordinal);
        // Released: both are visible again, none left in flight.
        Assert.Equal(new QueueCounts(2, 0, 0), await QueueCounts.ReadAsync(fauxqs.Client, _deadLetterUrl, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task TheListIsMarkdownWithOneRowPerDeadLetterAndATraceLink()
    {
        var message = new DeadLetterMessage("m1", "evt-1", "sourceB", "CONTRACT", "CONTRACT#c1", "0af7651916cd43dd8448eb211c80319c",
            DateTimeOffset.Parse("2026-11-24T11:40:00Z", System.Globalization.CultureInfo.InvariantCulture), 3, "{}", "bad | dates");
        var queue = new SqsQueueResource("ingestion-sourceB-dlq", "ingestion-sourceB-dlq.fifo", "sourceBDeadLetterQueueUrl", null!, deadLetterFor: null);

        var markdown = DeadLetterCommands.Describe(queue, [message], new DashboardLinks(new Uri("http://127.0.0.1:18888")));

        Assert.Contains("| `evt-1` | sourceB | CONTRACT | 2026-11-24 11:40:00Z | 3 | bad \\| dates | [0af76519…](http://127.0.0.1:18888/traces/detail/0af7651916cd43dd8448eb211c80319c) |", markdown, StringComparison.Ordinal);
        Assert.Contains("No dead letters", DeadLetterCommands.Describe(queue, [], new DashboardLinks(null)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RedriveMovesDeadLettersBackKeepingGroupAndAttributesButNotTheOldError()
    {
        // As in real life: the message first went to the source queue, within SQS's five-minute
        // deduplication window, and was dead-lettered after failing.
        await SendAsync(_queueUrl, "evt-redrive");
        var received = await ReceiveOneAsync(_queueUrl);
        await fauxqs.Client.DeleteMessageAsync(_queueUrl, received.ReceiptHandle, TestContext.Current.CancellationToken);
        await SendAsync(_deadLetterUrl, "evt-redrive", error: "DynamoDB unavailable");

        var result = await new Redriver(fauxqs.Client).RedriveAsync(_deadLetterUrl, _queueUrl, 100, TestContext.Current.CancellationToken);

        Assert.Equal(new RedriveResult(1, 0, []), result with { Errors = [] });
        var redriven = await ReceiveOneAsync(_queueUrl);
        Assert.Equal(Body("evt-redrive"), redriven.Body);
        Assert.Equal("CONTRACT#c-evt-redrive", redriven.Attributes["MessageGroupId"]);
        Assert.StartsWith("evt-redrive:", redriven.Attributes["MessageDeduplicationId"], StringComparison.Ordinal);
        Assert.Equal(TraceParent, redriven.MessageAttributes["traceparent"].StringValue);
        Assert.False(redriven.MessageAttributes.ContainsKey(DeadLetterReader.ErrorAttribute));
        // Marked as resent, so the worker orders it by its original stamp and it cannot undo a later update.
        Assert.Equal("redrive", redriven.MessageAttributes[Ingestion.Messaging.MessageAttributeNames.Resent].StringValue);
        Assert.Equal(new QueueCounts(0, 0, 0), await QueueCounts.ReadAsync(fauxqs.Client, _deadLetterUrl, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task RedriveKeepsTheOrderOfAGroup()
    {
        foreach (var n in Enumerable.Range(1, 5))
        {
            await SendAsync(_deadLetterUrl, $"evt-order-{n}", group: "CONTRACT#c-order");
        }

        await new Redriver(fauxqs.Client).RedriveAsync(_deadLetterUrl, _queueUrl, 100, TestContext.Current.CancellationToken);

        var order = new List<string>();
        while (order.Count < 5)
        {
            var message = await ReceiveOneAsync(_queueUrl);
            order.Add(message.MessageAttributes["event_id"].StringValue);
            await fauxqs.Client.DeleteMessageAsync(_queueUrl, message.ReceiptHandle, TestContext.Current.CancellationToken);
        }

        Assert.Equal(Enumerable.Range(1, 5).Select(n => $"evt-order-{n}"), order);
    }

    private static string Body(string eventId) =>
        $$$"""{"event_id":"{{{eventId}}}","source":"sourceB","entity_name":"CONTRACT","received_at":"2026-11-24T11:40:00Z","body":{"contract_id":"c-1"}}""";

    private Task SendAsync(string queueUrl, string eventId, string? group = null, string? error = null)
    {
        var attributes = new Dictionary<string, MessageAttributeValue>
        {
            ["event_id"] = new() { DataType = "String", StringValue = eventId },
            ["source"] = new() { DataType = "String", StringValue = _source },
            ["entity_name"] = new() { DataType = "String", StringValue = "CONTRACT" },
            ["traceparent"] = new() { DataType = "String", StringValue = TraceParent },
        };
        if (error is not null)
        {
            attributes[DeadLetterReader.ErrorAttribute] = new() { DataType = "String", StringValue = error };
        }

        return fauxqs.Client.SendMessageAsync(new SendMessageRequest
        {
            QueueUrl = queueUrl,
            MessageBody = Body(eventId),
            MessageGroupId = group ?? $"CONTRACT#c-{eventId}",
            MessageDeduplicationId = eventId,
            MessageAttributes = attributes,
        }, TestContext.Current.CancellationToken);
    }

    private async Task<Message> ReceiveOneAsync(string queueUrl)
    {
        var response = await fauxqs.Client.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = queueUrl,
            MaxNumberOfMessages = 1,
            WaitTimeSeconds = 5,
            MessageAttributeNames = ["All"],
            MessageSystemAttributeNames = ["All"],
        }, TestContext.Current.CancellationToken);
        return Assert.Single(response.Messages ?? []);
    }
}
