using Amazon.SQS.Model;
using Ingestion.Workers.Configuration;
using Ingestion.Workers.Messages;
using Ingestion.Workers.Polling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

using Ingestion.Tests.Support;

namespace Ingestion.Tests.Workers;

/// <summary>
/// The batch processor with the real SQS queue client on fauxqs: a message that fails for good
/// reaches the dead-letter queue on its first receive, with its reason, and charges its group
/// nothing; messages held behind a failure come back with a receive count of their own.
/// </summary>
public sealed class SettlementOnFauxqsTests(FauxqsSqsFixture fauxqs) : IClassFixture<FauxqsSqsFixture>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private readonly PollerOptions _poller = new() { WaitTimeSeconds = 1, FailedMessageRetryDelay = TimeSpan.Zero };

    [Fact]
    public async Task APoisonMessageGoesToTheDeadLetterQueueOnItsFirstReceiveWithItsReasonAndItsNeighboursAreStoredOnTheirFirst()
    {
        var (queueUrl, dlqUrl) = await fauxqs.CreateQueueWithDeadLetterQueueAsync($"poison-{Guid.NewGuid():N}"[..20], maxReceiveCount: 5);
        await SendAsync(queueUrl, "CONTRACT#c-1", "not json", "poison");
        await SendAsync(queueUrl, "CONTRACT#c-1", TestMessages.Json(TestMessages.Event("CONTRACT", TestMessages.Contract("c-1"), "good-1")), "good-1");
        await SendAsync(queueUrl, "CONTRACT#c-1", TestMessages.Json(TestMessages.Event("CONTRACT", TestMessages.Contract("c-1"), "good-2")), "good-2");
        var store = new RecordingItemStore();
        using var services = WorkerServices.Build(store);
        var processor = services.GetRequiredService<IMessageProcessor>();

        // fauxqs hands out one message of a group per receive (AWS may hand out the whole group).
        List<InboundMessage> received = [];
        while (received.Count < 3)
        {
            received.AddRange(await ProcessOneBatchAsync(queueUrl, processor));
        }

        Assert.Equal(["poison", "good-1", "good-2"], received.Select(Name));
        Assert.All(received, message => Assert.Equal(1, message.ReceiveCount));
        Assert.Equal(["good-1", "good-2"], store.Writes.Select(write => write.Event.EventId));
        var deadLetter = Assert.Single((await ReceiveAllAsync(dlqUrl)).Messages ?? []);
        Assert.Equal("not json", deadLetter.Body);
        Assert.Equal("CONTRACT#c-1", deadLetter.Attributes["MessageGroupId"]);
        Assert.Equal("poison", deadLetter.MessageAttributes["name"].StringValue);
        Assert.StartsWith("body is not an ingestion event", deadLetter.MessageAttributes[SqsSourceQueue.DeadLetterReasonAttribute].StringValue, StringComparison.Ordinal);
        Assert.Empty((await ReceiveAllAsync(queueUrl)).Messages ?? []);
    }

    [Fact]
    public async Task ARequeuedCopyKeepsGroupBodyAndAttributesAndStartsItsReceiveCountAgain()
    {
        var (queueUrl, _) = await fauxqs.CreateQueueWithDeadLetterQueueAsync($"held-{Guid.NewGuid():N}"[..20], maxReceiveCount: 5);
        await SendAsync(queueUrl, "CONTRACT#c-2", "{\"a\":1}", "neighbour");
        var queue = Queue(queueUrl);
        var first = Assert.Single(await queue.ReceiveAsync(Cancellation));
        await queue.ChangeVisibilityAsync([new VisibilityChange(first, TimeSpan.Zero)], Cancellation);
        var second = InboundMessage.From(Assert.Single(await queue.ReceiveAsync(Cancellation)));
        Assert.Equal(2, second.ReceiveCount);

        Assert.Empty(await queue.RequeueAsync([second.Sqs], Cancellation));
        Assert.Empty(await queue.DeleteAsync([second.Sqs], Cancellation));

        var copy = InboundMessage.From(Assert.Single(await queue.ReceiveAsync(Cancellation)));
        Assert.Equal((1, "CONTRACT#c-2", "{\"a\":1}", "neighbour"), (copy.ReceiveCount, copy.GroupId, copy.Sqs.Body, Name(copy)));
        // It lands behind what its group received meanwhile: it says where its original stood, so the store places it there.
        Assert.Equal(second.SequenceNumber, copy.Sqs.MessageAttributes[Ingestion.Messaging.MessageAttributeNames.HeldSequence].StringValue);
        Assert.False(copy.Sqs.MessageAttributes.ContainsKey(Ingestion.Messaging.MessageAttributeNames.Resent));
    }

    private static string Name(InboundMessage message) => message.Sqs.MessageAttributes["name"].StringValue;

    private SqsSourceQueue Queue(string queueUrl)
    {
        var worker = Options.Create(new WorkerOptions { Name = "test", QueueUrl = queueUrl });
        return new SqsSourceQueue(fauxqs.Client, new DeadLetterQueueLocator(fauxqs.Client, worker), worker, Options.Create(_poller), NullLogger<SqsSourceQueue>.Instance);
    }

    private async Task<IReadOnlyList<InboundMessage>> ProcessOneBatchAsync(string queueUrl, IMessageProcessor processor)
    {
        var poller = Options.Create(_poller);
        var queue = Queue(queueUrl);
        var batchProcessor = TestBatchProcessors.Create(queue, processor, _poller);
        var received = await Support.Eventually.GetAsync(
            async () => await queue.ReceiveAsync(Cancellation) is { Count: > 0 } messages ? messages : null,
            TimeSpan.FromSeconds(20), "messages to receive", Cancellation);
        var messages = received.Select(InboundMessage.From).ToList();
        await batchProcessor.ProcessAsync(new ReceivedBatch(messages, default), Cancellation);
        return messages;
    }

    private Task SendAsync(string queueUrl, string group, string body, string name) =>
        fauxqs.Client.SendMessageAsync(new SendMessageRequest
        {
            QueueUrl = queueUrl,
            MessageBody = body,
            MessageGroupId = group,
            MessageDeduplicationId = name,
            MessageAttributes = new() { ["name"] = new MessageAttributeValue { DataType = "String", StringValue = name } },
        }, Cancellation);

    private Task<ReceiveMessageResponse> ReceiveAllAsync(string queueUrl) =>
        fauxqs.Client.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = queueUrl,
            MaxNumberOfMessages = 10,
            WaitTimeSeconds = 0,
            MessageAttributeNames = ["All"],
            MessageSystemAttributeNames = ["All"],
        }, Cancellation);
}
