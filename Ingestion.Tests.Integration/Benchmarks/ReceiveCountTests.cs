using Amazon.SQS.Model;
using Ingestion.Tests.Iam;

namespace Ingestion.Tests.Benchmarks;

/// <summary>
/// The operation log records how many messages each SQS receive brought back, on fauxqs, and the SDK
/// still reads them: the cost estimate leaves the emulator's empty long-poll answers out by this count.
/// </summary>
public sealed class ReceiveCountTests(RecordingEmulators emulators) : IClassFixture<RecordingEmulators>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AReceiveIsRecordedWithTheMessagesItBroughtBackAndAnEmptyOneWithNone()
    {
        const string process = "worker-receive-count";
        using var sqs = emulators.SqsFor(process);
        var queueUrl = (await emulators.Fauxqs.Client.CreateQueueAsync($"receive-count-{Guid.NewGuid():N}", Cancellation)).QueueUrl;
        foreach (var body in new[] { "one", "two" })
        {
            await emulators.Fauxqs.Client.SendMessageAsync(queueUrl, body, Cancellation);
        }

        var first = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = 10, WaitTimeSeconds = 0 }, Cancellation);
        var second = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = 10, WaitTimeSeconds = 0 }, Cancellation);

        Assert.Equal(["one", "two"], (first.Messages ?? []).Select(message => message.Body).Order());
        Assert.Empty(second.Messages ?? []);
        Assert.Equal([2, 0], emulators.Recorded(process).Where(call => call.Operation == "ReceiveMessage").Select(call => call.Received));
    }
}
