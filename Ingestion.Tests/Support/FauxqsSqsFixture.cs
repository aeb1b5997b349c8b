using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace Ingestion.Tests.Support;

/// <summary>A real fauxqs (SQS) on a free loopback port, with a way to make a FIFO queue and its dead-letter queue.</summary>
public sealed class FauxqsSqsFixture : IAsyncLifetime
{
    private NodeEmulator? _fauxqs;

    public AmazonSQSClient Client { get; private set; } = null!;

    public Uri Endpoint => _fauxqs!.Endpoint;

    public async ValueTask InitializeAsync()
    {
        _fauxqs = await NodeEmulator.StartFauxqsAsync(TestContext.Current.CancellationToken);
        Client = new AmazonSQSClient(
            new BasicAWSCredentials("test", "test"),
            new AmazonSQSConfig { ServiceURL = _fauxqs.Endpoint.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });
    }

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

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (_fauxqs is not null)
        {
            await _fauxqs.DisposeAsync();
        }
    }
}
