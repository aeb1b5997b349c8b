using Amazon.SQS;
using Amazon.SQS.Model;

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

    public void Dispose() => Client.Dispose();
}
