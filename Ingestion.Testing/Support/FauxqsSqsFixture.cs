using Amazon.SQS;
using Amazon.SQS.Model;
using Ingestion.Messaging;

namespace Ingestion.Tests.Support;

/// <summary>The run's empty fauxqs (<see cref="EmulatorsOfTheRun"/>) for one test class, with a way to make a FIFO queue and its dead-letter queue.</summary>
public sealed class FauxqsSqsFixture(EmulatorsOfTheRun emulators) : IDisposable
{
    public AmazonSQSClient Client { get; } = emulators.CreateScratchSqsClient();

    public Uri Endpoint => emulators.ScratchFauxqsEndpoint;

    /// <summary>A FIFO queue named after <paramref name="name"/> whose RedrivePolicy points at its own FIFO dead-letter queue.</summary>
    public async Task<(string QueueUrl, string DeadLetterQueueUrl)> CreateQueueWithDeadLetterQueueAsync(string name, int maxReceiveCount)
    {
        var cancellation = TestContext.Current.CancellationToken;
        var dlq = await Client.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = $"{name}-dlq.fifo",
            Attributes = new() { ["FifoQueue"] = "true" },
        }, cancellation);
        var dlqArn = (await Client.GetQueueAttributesAsync(dlq.QueueUrl, ["QueueArn"], cancellation)).QueueARN;
        var queue = await Client.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = $"{name}.fifo",
            Attributes = new()
            {
                ["FifoQueue"] = "true",
                ["RedrivePolicy"] = $$"""{"deadLetterTargetArn":"{{dlqArn}}","maxReceiveCount":{{maxReceiveCount}}}""",
            },
        }, cancellation);
        return (queue.QueueUrl, dlq.QueueUrl);
    }

    /// <summary>Receives and deletes until the queue is empty: the event ids of its messages, as received.</summary>
    public async Task<List<string>> EventIdsInAsync(string queueUrl)
    {
        var cancellation = TestContext.Current.CancellationToken;
        var ids = new List<string>();
        while ((await Client.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = 10, WaitTimeSeconds = 1, MessageAttributeNames = ["All"] }, cancellation)).Messages is { Count: > 0 } messages)
        {
            ids.AddRange(messages.Select(message => message.MessageAttributes[MessageAttributeNames.EventId].StringValue));
            foreach (var message in messages)
            {
                await Client.DeleteMessageAsync(queueUrl, message.ReceiptHandle, cancellation);
            }
        }

        return ids;
    }

    public void Dispose() => Client.Dispose();
}
