using System.Net.Http.Json;
using System.Text.Json;
using Amazon.SQS.Model;
using Ingestion.AppHost.Dashboard;
using Ingestion.AppHost.Telemetry.Model;

namespace Ingestion.Tests.Dashboard;

/// <summary>Queue counts, dead-letter peeks with their errors, redrive and the journey of a dead letter, against a real fauxqs.</summary>
public sealed class QueuesAndRedriveTests(FauxqsFixture fauxqs) : IClassFixture<FauxqsFixture>, IAsyncLifetime
{
    private readonly FakeTopology _topology = new() { Sqs = fauxqs.Client };
    private RunningDashboard _dashboard = null!;
    private HttpClient _client = null!;
    private DashboardQueue _queue = null!;

    public async ValueTask InitializeAsync()
    {
        // Each test its own source so they don't share queues.
        var source = "src" + Guid.NewGuid().ToString("N")[..8];
        var deadLetterUrl = (await fauxqs.Client.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = $"{source}-dlq.fifo",
            Attributes = new() { ["FifoQueue"] = "true" },
        })).QueueUrl;
        var deadLetterArn = (await fauxqs.Client.GetQueueAttributesAsync(deadLetterUrl, ["QueueArn"])).QueueARN;
        var queueUrl = (await fauxqs.Client.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = $"{source}-queue.fifo",
            Attributes = new()
            {
                ["FifoQueue"] = "true",
                ["RedrivePolicy"] = $$"""{"deadLetterTargetArn":"{{deadLetterArn}}","maxReceiveCount":"1"}""",
            },
        })).QueueUrl;
        _queue = new DashboardQueue(DashboardQueue.NameOf(queueUrl), queueUrl, deadLetterUrl, source);
        _topology.Queues = [_queue];
        _dashboard = await TestDashboards.StartAsync(TestDashboards.FreePorts(), topology: _topology);
        _client = _dashboard.Client();
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _dashboard.DisposeAsync();
    }

    [Fact]
    public async Task QueuesShowTheirCountsAndTheDeadLetterQueuesOldestMessage()
    {
        await SendAsync(_queue.Url, "evt-waiting");
        await SendAsync(_queue.DeadLetterUrl!, "evt-dead");

        using var document = JsonDocument.Parse(await _client.GetStringAsync("/api/queues", TestContext.Current.CancellationToken));

        var queue = Assert.Single(document.RootElement.EnumerateArray());
        Assert.Equal(_queue.Name, queue.GetProperty("name").GetString());
        Assert.Equal(1, queue.GetProperty("queue").GetProperty("messages").GetInt64());
        Assert.Equal(JsonValueKind.Null, queue.GetProperty("queue").GetProperty("oldestAgeSeconds").ValueKind);
        Assert.Equal(1, queue.GetProperty("deadLetter").GetProperty("messages").GetInt64());
        Assert.True(queue.GetProperty("deadLetter").GetProperty("oldestAgeSeconds").GetDouble() >= 0);
        // The peek released what it received: the dead letter is visible again, not in flight.
        var counts = await fauxqs.Client.GetQueueAttributesAsync(_queue.DeadLetterUrl, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"], TestContext.Current.CancellationToken);
        Assert.Equal(1, counts.ApproximateNumberOfMessages);
        Assert.Equal(0, counts.ApproximateNumberOfMessagesNotVisible);
    }

    [Fact]
    public async Task DeadLettersAreListedWithTheErrorTheTelemetryRecorded()
    {
        await SendAsync(_queue.DeadLetterUrl!, "evt-broken");
        _dashboard.Telemetry.AddSpans([FailedProcessSpan("evt-broken", "contract_status is not one of the allowed values")]);

        var messages = await _client.GetFromJsonAsync<JsonElement>($"/api/queues/{_queue.Name}/dead-letters", TestContext.Current.CancellationToken);

        var message = Assert.Single(messages.EnumerateArray());
        Assert.Equal("evt-broken", message.GetProperty("eventId").GetString());
        Assert.Equal("CONTRACT#c-evt-broken", message.GetProperty("messageGroupId").GetString());
        Assert.Equal("InvalidEventException: contract_status is not one of the allowed values", message.GetProperty("error").GetString());
    }

    [Fact]
    public async Task ADeadLetteredEventsJourneyShowsItsQueueAndError()
    {
        await SendAsync(_queue.DeadLetterUrl!, "evt-journey");
        _dashboard.Telemetry.AddSpans([FailedProcessSpan("evt-journey", "bad milestone dates")]);

        var journey = await _client.GetFromJsonAsync<JsonElement>("/api/events/evt-journey", TestContext.Current.CancellationToken);

        Assert.Equal("dead_lettered", journey.GetProperty("status").GetString());
        Assert.Equal(_queue.Name, journey.GetProperty("queue").GetString());
        Assert.Equal("InvalidEventException: bad milestone dates", journey.GetProperty("deadLetter").GetProperty("error").GetString());
        var last = journey.GetProperty("stages").EnumerateArray().Last();
        Assert.Equal("dead_lettered", last.GetProperty("key").GetString());
        Assert.Equal("failed", last.GetProperty("state").GetString());
    }

    [Fact]
    public async Task RedriveMovesDeadLettersBackKeepingGroupAndAttributes()
    {
        // As in real life: the message first went to the source queue, within SQS's five-minute
        // deduplication window, and was dead-lettered after failing.
        await SendAsync(_queue.Url, "evt-redrive");
        var received = await ReceiveOneAsync(_queue.Url);
        await fauxqs.Client.DeleteMessageAsync(_queue.Url, received.ReceiptHandle, TestContext.Current.CancellationToken);
        await SendAsync(_queue.DeadLetterUrl!, "evt-redrive");

        using var response = await _client.PostAsync($"/api/queues/{_queue.Worker}/redrive", null, TestContext.Current.CancellationToken);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);

        Assert.Equal(1, result.GetProperty("moved").GetInt32());
        Assert.Equal(0, result.GetProperty("failed").GetInt32());
        var redriven = await ReceiveOneAsync(_queue.Url);
        Assert.Equal(Body("evt-redrive"), redriven.Body);
        Assert.Equal("CONTRACT#c-evt-redrive", redriven.Attributes["MessageGroupId"]);
        Assert.StartsWith("evt-redrive:", redriven.Attributes["MessageDeduplicationId"], StringComparison.Ordinal);
        Assert.Equal("evt-redrive", redriven.MessageAttributes["event_id"].StringValue);
        Assert.Equal("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", redriven.MessageAttributes["traceparent"].StringValue);
        var deadLetters = await fauxqs.Client.GetQueueAttributesAsync(_queue.DeadLetterUrl, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"], TestContext.Current.CancellationToken);
        Assert.Equal(0, deadLetters.ApproximateNumberOfMessages + deadLetters.ApproximateNumberOfMessagesNotVisible);
    }

    [Fact]
    public async Task RedriveKeepsTheOrderOfAGroup()
    {
        foreach (var n in Enumerable.Range(1, 5))
        {
            await SendAsync(_queue.DeadLetterUrl!, $"evt-order-{n}", group: "CONTRACT#c-order");
        }

        using var response = await _client.PostAsync($"/api/queues/{_queue.Name}/redrive", null, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();

        var order = new List<string>();
        while (order.Count < 5)
        {
            var message = await ReceiveOneAsync(_queue.Url);
            order.Add(message.MessageAttributes["event_id"].StringValue);
            await fauxqs.Client.DeleteMessageAsync(_queue.Url, message.ReceiptHandle, TestContext.Current.CancellationToken);
        }

        Assert.Equal(Enumerable.Range(1, 5).Select(n => $"evt-order-{n}"), order);
    }

    private static string Body(string eventId) =>
        $$$"""{"event_id":"{{{eventId}}}","source":"sourceB","entity_name":"CONTRACT","received_at":"2026-11-24T11:40:00Z","body":{"contract_id":"c-1"}}""";

    private Task SendAsync(string queueUrl, string eventId, string? group = null) =>
        fauxqs.Client.SendMessageAsync(new SendMessageRequest
        {
            QueueUrl = queueUrl,
            MessageBody = Body(eventId),
            MessageGroupId = group ?? $"CONTRACT#c-{eventId}",
            MessageDeduplicationId = eventId,
            MessageAttributes = new()
            {
                ["event_id"] = new() { DataType = "String", StringValue = eventId },
                ["source"] = new() { DataType = "String", StringValue = _queue.Worker },
                ["entity_name"] = new() { DataType = "String", StringValue = "CONTRACT" },
                ["traceparent"] = new() { DataType = "String", StringValue = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" },
            },
        }, TestContext.Current.CancellationToken);

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

    private SpanData FailedProcessSpan(string eventId, string error)
    {
        var start = DateTimeOffset.UtcNow.AddSeconds(-2);
        return SampleTelemetry.Span(
            Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N")[..16], null, $"worker-{_queue.Worker}", $"process {_queue.Name}", SpanKind.Consumer, start, 5,
            attributes: new() { ["event_id"] = eventId, ["source"] = _queue.Worker!, ["messaging.operation.type"] = "process" },
            status: SpanStatus.Error,
            statusMessage: error,
            events: [new SpanEvent("exception", start, new Dictionary<string, string> { ["exception.type"] = "InvalidEventException", ["exception.message"] = error })]);
    }
}
