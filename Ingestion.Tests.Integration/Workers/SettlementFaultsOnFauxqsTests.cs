using System.Diagnostics;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using Ingestion.Messaging.Aws;
using Ingestion.Tests.Support;
using Ingestion.Workers.Configuration;
using Ingestion.Workers.Messages;
using Ingestion.Workers.Polling;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ingestion.Tests.Workers;

/// <summary>
/// Settlement against a real SQS (fauxqs), where visibility runs out and batches have a size: a
/// finished message is not handed out again while its batch runs, and copies stay within 256 KiB a batch.
/// </summary>
public sealed class SettlementFaultsOnFauxqsTests(FauxqsSqsFixture fauxqs) : IClassFixture<FauxqsSqsFixture>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AFinishedMessageIsNotHandedOutAgainWhileItsBatchRunsAndARejectedOneIsDeadLetteredOnce()
    {
        var poller = new PollerOptions
        {
            WaitTimeSeconds = 1,
            VisibilityTimeout = TimeSpan.FromSeconds(2),
            VisibilityExtensionThreshold = TimeSpan.FromSeconds(1),
            VisibilityExtensionInterval = TimeSpan.FromMilliseconds(200),
        };
        var (queueUrl, dlqUrl) = await fauxqs.CreateQueueWithDeadLetterQueueAsync($"settle-{Guid.NewGuid():N}"[..20], maxReceiveCount: 5);
        foreach (var name in new[] { "poison", "done", "slow" })
        {
            await SendAsync(queueUrl, $"GROUP#{name}", name, name);
        }

        var queue = Queue(queueUrl, poller);
        var batch = await Eventually.GetAsync(
            async () => await queue.ReceiveAsync(Cancellation) is { Count: 3 } messages ? messages : null,
            TimeSpan.FromSeconds(20), "the three messages in one receive", Cancellation);

        // While "slow" runs for three visibility timeouts, another consumer keeps asking for messages.
        var seenByAnother = new List<string>();
        var processor = new ScriptedMessageProcessor(async (message, cancellationToken) =>
        {
            switch (message.Sqs.Body)
            {
                case "poison":
                    return MessageOutcome.Rejected(message, "body is not an ingestion event");
                case "slow":
                    var running = Stopwatch.StartNew();
                    while (running.Elapsed < 3 * poller.VisibilityTimeout)
                    {
                        var other = await fauxqs.Client.ReceiveMessageAsync(
                            new ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = 10, WaitTimeSeconds = 1 }, cancellationToken);
                        seenByAnother.AddRange((other.Messages ?? []).Select(m => m.Body));
                    }

                    return MessageOutcome.Succeeded(message);
                default:
                    return MessageOutcome.Succeeded(message);
            }
        });

        await TestBatchProcessors.Create(queue, processor, poller).ProcessAsync(new ReceivedBatch([.. batch.Select(InboundMessage.From)], default), Cancellation);

        Assert.Empty(seenByAnother);
        var deadLetters = await ReceiveAllAsync(dlqUrl);
        Assert.Equal(["poison"], deadLetters.Select(m => m.Body));
        Assert.Empty(await ReceiveAllAsync(queueUrl));
    }

    [Fact]
    public async Task CopiesGoInBatchesOfAtMost256KiBAndAllArrive()
    {
        var (queueUrl, _) = await fauxqs.CreateQueueWithDeadLetterQueueAsync($"big-{Guid.NewGuid():N}"[..20], maxReceiveCount: 5);
        var recorder = new SendBatchRecorder();
        using var sqs = RecordingClient(recorder);
        var queue = Queue(queueUrl, new PollerOptions(), sqs);
        // Ten messages of 60 KiB: one batch of ten would be 600 KiB.
        var messages = Enumerable.Range(0, 10)
            .Select(i => TestMessages.Raw($"m{i}", $"GROUP#{i}", new string((char)('a' + i), 60 * 1024)))
            .ToList();

        var failures = await queue.RequeueAsync(messages, Cancellation);

        Assert.Empty(failures);
        Assert.All(recorder.BatchBytes, bytes => Assert.InRange(bytes, 1, CopyBatches.MaxBatchBytes));
        Assert.Equal(10, recorder.Entries);
        var copies = new List<string>();
        await Eventually.TrueAsync(async () =>
        {
            copies.AddRange((await ReceiveAllAsync(queueUrl)).Select(m => m.Body[..1]));
            return copies.Count == 10;
        }, TimeSpan.FromSeconds(20), "the ten copies", Cancellation);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => ((char)('a' + i)).ToString()), copies.Order());
    }

    [Fact]
    public async Task ADeadLetterTooLargeForAnyBatchIsReportedNotCopiedAndTheOthersStillGo()
    {
        var (queueUrl, dlqUrl) = await fauxqs.CreateQueueWithDeadLetterQueueAsync($"huge-{Guid.NewGuid():N}"[..20], maxReceiveCount: 5);
        var queue = Queue(queueUrl, new PollerOptions());
        var huge = TestMessages.Raw("huge", "GROUP#huge", new string('x', CopyBatches.MaxBatchBytes - 16));
        var small = TestMessages.Raw("small", "GROUP#small", "small");

        var failures = await queue.SendToDeadLetterQueueAsync(
            [new DeadLetter(huge, "failed on each of its 5 allowed receives; last error: " + new string('e', 500)), new DeadLetter(small, "unreadable")], Cancellation);

        var failure = Assert.Single(failures);
        Assert.Equal(("huge", "BatchRequestTooLong"), (failure.MessageId, failure.Code));
        Assert.Equal(["small"], (await ReceiveAllAsync(dlqUrl)).Select(m => m.Body));
    }

    private SqsSourceQueue Queue(string queueUrl, PollerOptions poller, IAmazonSQS? sqs = null)
    {
        var worker = Options.Create(new WorkerOptions { Name = "test", QueueUrl = queueUrl });
        sqs ??= fauxqs.Client;
        return new SqsSourceQueue(sqs, new DeadLetterQueueLocator(sqs, worker), worker, Options.Create(poller), NullLogger<SqsSourceQueue>.Instance);
    }

    private AmazonSQSClient RecordingClient(SendBatchRecorder recorder) => new(
        new BasicAWSCredentials("test", "test"),
        new AmazonSQSConfig
        {
            ServiceURL = fauxqs.Endpoint.ToString(),
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = 0,
            HttpClientFactory = new AwsHttpClientFactory([() => recorder]),
        });

    private Task SendAsync(string queueUrl, string group, string body, string name) =>
        fauxqs.Client.SendMessageAsync(new SendMessageRequest
        {
            QueueUrl = queueUrl,
            MessageBody = body,
            MessageGroupId = group,
            MessageDeduplicationId = name,
        }, Cancellation);

    private async Task<List<Message>> ReceiveAllAsync(string queueUrl) =>
        (await fauxqs.Client.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = queueUrl,
            MaxNumberOfMessages = 10,
            WaitTimeSeconds = 0,
            MessageAttributeNames = ["All"],
            MessageSystemAttributeNames = ["All"],
        }, Cancellation)).Messages ?? [];

    /// <summary>Sizes every SendMessageBatch as SQS counts it: bodies and attributes of all its entries.</summary>
    private sealed class SendBatchRecorder : DelegatingHandler
    {
        public System.Collections.Concurrent.ConcurrentBag<int> BatchBytes { get; } = [];

        public int Entries => _entries;

        private int _entries;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Headers.TryGetValues("X-Amz-Target", out var targets) && targets.Single().EndsWith(".SendMessageBatch", StringComparison.Ordinal))
            {
                using var body = JsonDocument.Parse(await request.Content!.ReadAsStringAsync(cancellationToken));
                var entries = body.RootElement.GetProperty("Entries").EnumerateArray().ToList();
                Interlocked.Add(ref _entries, entries.Count);
                BatchBytes.Add(entries.Sum(entry => CopyBatches.SizeOf(
                    entry.GetProperty("MessageBody").GetString()!,
                    entry.TryGetProperty("MessageAttributes", out var attributes)
                        ? attributes.EnumerateObject().ToDictionary(a => a.Name, a => new MessageAttributeValue
                        {
                            DataType = a.Value.GetProperty("DataType").GetString(),
                            StringValue = a.Value.TryGetProperty("StringValue", out var text) ? text.GetString() : null,
                        })
                        : null)));
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}
