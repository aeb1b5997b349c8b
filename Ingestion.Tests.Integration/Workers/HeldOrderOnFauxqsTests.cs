using Amazon.DynamoDBv2.Model;
using Amazon.SQS.Model;
using Ingestion.Messaging;
using Ingestion.Tests.Support;
using Ingestion.Workers.Configuration;
using Ingestion.Workers.Messages;
using Ingestion.Workers.Persistence;
using Ingestion.Workers.Polling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ingestion.Tests.Workers;

/// <summary>
/// Messages held behind a failure, or deferred in a store outage, go back to the end of their queue as
/// copies; the item must still end with the last update in the topic's order when the API instances
/// that stamped the updates have clocks apart. The worker's real pipeline: the SQS client on fauxqs,
/// the batch processor and its settlement, the store on dynalite.
/// </summary>
public sealed class HeldOrderOnFauxqsTests(FauxqsSqsFixture fauxqs, DynaliteFixture dynalite)
    : IClassFixture<FauxqsSqsFixture>, IClassFixture<DynaliteFixture>
{
    private static readonly DateTimeOffset Received = new(2026, 11, 24, 11, 40, 0, TimeSpan.Zero);
    private static readonly long Stamp = (Received - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond;
    private static readonly long FiveMinutes = (long)TimeSpan.FromMinutes(5).TotalMicroseconds;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private readonly PollerOptions _poller = new() { WaitTimeSeconds = 1, FailedMessageRetryDelay = TimeSpan.Zero };

    [Fact]
    public async Task AFailingHeadWithFollowersHeldEndsWithTheLastFollowerThoughEachWasStampedByAClockFurtherBehind()
    {
        var (queueUrl, contract) = await NewQueueAsync("later");
        var group = $"CONTRACT#{contract}";
        await SendAsync(queueUrl, group, Update(contract, "e-queue-head", "DRAFT", Stamp + (2 * FiveMinutes)));
        await SendAsync(queueUrl, $"{group}-1", Update(contract, "e-follower-1", "ACTIVE", Stamp + FiveMinutes));
        await SendAsync(queueUrl, $"{group}-2", Update(contract, "e-follower-2", "SUSPENDED", Stamp));
        var store = new FailingOnceItemStore(Store(), EventId(contract, "e-queue-head"));

        // AWS may hand out several messages of a group in one receive; fauxqs hands out one a group, so the
        // followers were sent under groups of their own (the queue numbers every message of the queue in one
        // sequence, so their places are those of the same group) and are handed over as the head's group.
        var batch = await ReceiveAsync(queueUrl, count: 3);
        foreach (var follower in batch.Skip(1))
        {
            follower.Attributes[Amazon.SQS.MessageSystemAttributeName.MessageGroupId] = group;
        }

        var first = await ProcessAsync(queueUrl, store, batch);
        Assert.Equal(
            [MessageDisposition.Failed, MessageDisposition.HeldBack, MessageDisposition.HeldBack],
            first.Select(outcome => outcome.Disposition));

        await DrainAsync(queueUrl, store, stored: 3);

        var item = await GetAsync(group);
        Assert.Equal(("SUSPENDED", EventId(contract, "e-follower-2")), (item["contract_status"].S, item["EVENT_ID"].S));
    }

    [Fact]
    public async Task AnUpdateThatReachedTheQueueBeforeTheHeldCopiesStaysStoredThoughTheirStampsAreLater()
    {
        var (queueUrl, contract) = await NewQueueAsync("earlier");
        var group = $"CONTRACT#{contract}";
        await SendAsync(queueUrl, group, Update(contract, "e-queue-head", "DRAFT", Stamp));
        await SendAsync(queueUrl, $"{group}-1", Update(contract, "e-held-1", "ACTIVE", Stamp + FiveMinutes));
        await SendAsync(queueUrl, $"{group}-2", Update(contract, "e-held-2", "SUSPENDED", Stamp + (2 * FiveMinutes)));
        var store = new FailingOnceItemStore(Store(), EventId(contract, "e-queue-head"));
        var batch = await ReceiveAsync(queueUrl, count: 3);
        foreach (var follower in batch.Skip(1))
        {
            follower.Attributes[Amazon.SQS.MessageSystemAttributeName.MessageGroupId] = group;
        }

        // Published after the held ones, by an instance whose clock is behind, while the batch runs: in the
        // queue before their copies.
        await SendAsync(queueUrl, group, Update(contract, "e-last", "COMPLETED", Stamp - FiveMinutes));
        await ProcessAsync(queueUrl, store, batch);

        await DrainAsync(queueUrl, store, stored: 4);

        var item = await GetAsync(group);
        Assert.Equal(("COMPLETED", EventId(contract, "e-last")), (item["contract_status"].S, item["EVENT_ID"].S));
    }

    [Fact]
    public async Task AMessageDeferredInAStoreOutageLosesToTheUpdateBehindItThoughItsStampIsLater()
    {
        var (queueUrl, contract) = await NewQueueAsync("deferred");
        var group = $"CONTRACT#{contract}";
        await SendAsync(queueUrl, group, Update(contract, "e-deferred", "DRAFT", Stamp + FiveMinutes));
        await SendAsync(queueUrl, group, Update(contract, "e-next", "ACTIVE", Stamp));
        var store = new FailingOnceItemStore(Store(), failingEventId: null);

        // The store's circuit opened while the first message was in hand: it goes back behind the next one.
        var outage = TestBatchProcessors.Circuit(_poller);
        for (var failure = 0; failure < _poller.StoreOutageThreshold; failure++)
        {
            outage.RecordUnavailable("throttled");
        }

        var first = await ProcessAsync(queueUrl, store, await ReceiveAsync(queueUrl, count: 1), outage);
        Assert.Equal(MessageDisposition.Deferred, Assert.Single(first).Disposition);

        await DrainAsync(queueUrl, store, stored: 2);

        var item = await GetAsync(group);
        Assert.Equal(("ACTIVE", EventId(contract, "e-next")), (item["contract_status"].S, item["EVENT_ID"].S));
    }

    [Fact]
    public async Task ACopyOfACopyKeepsItsFirstOriginalsPlace()
    {
        var (queueUrl, contract) = await NewQueueAsync("copy");
        await SendAsync(queueUrl, $"CONTRACT#{contract}", Update(contract, "e-copied", "DRAFT", Stamp));
        var queue = Queue(queueUrl);
        var original = Assert.Single(await ReceiveAsync(queueUrl, count: 1));

        Assert.Empty(await queue.RequeueAsync([original], Cancellation));
        Assert.Empty(await queue.DeleteAsync([original], Cancellation));
        var copy = Assert.Single(await ReceiveAsync(queueUrl, count: 1));
        Assert.Empty(await queue.RequeueAsync([copy], Cancellation));
        Assert.Empty(await queue.DeleteAsync([copy], Cancellation));
        var copyOfCopy = InboundMessage.From(Assert.Single(await ReceiveAsync(queueUrl, count: 1)));

        var originalSequence = original.Attributes[Amazon.SQS.MessageSystemAttributeName.SequenceNumber];
        Assert.NotEqual(originalSequence, copyOfCopy.SequenceNumber);
        Assert.Equal(originalSequence, copyOfCopy.Content.Attributes[MessageAttributeNames.HeldSequence]);
        // Not a replay or a redrive: the store places it by where it stood, not by its stamp alone.
        Assert.False(copyOfCopy.Content.Attributes.ContainsKey(MessageAttributeNames.Resent));
    }

    private async Task<(string QueueUrl, string Contract)> NewQueueAsync(string purpose)
    {
        var name = $"{purpose}-{Guid.NewGuid():N}"[..20];
        var (queueUrl, _) = await fauxqs.CreateQueueWithDeadLetterQueueAsync(name, maxReceiveCount: 5);
        return (queueUrl, name);
    }

    /// <summary>An event of <paramref name="contract"/>; its id is the contract's and <paramref name="name"/> (an event id names one event of its entity, across items).</summary>
    private static string Update(string contract, string name, string status, long stamp) =>
        TestMessages.Json(TestMessages.Event("CONTRACT", TestMessages.Contract(contract, "Bridge", status), EventId(contract, name), Received) with { Sequence = stamp });

    private static string EventId(string contract, string name) => $"{contract}-{name}";

    private DynamoDbItemStore Store() => new(
        dynalite.Client,
        Options.Create(new DataStoreOptions { DataStoreTableName = DynaliteFixture.TableName }),
        TimeProvider.System,
        NullLogger<DynamoDbItemStore>.Instance);

    private SqsSourceQueue Queue(string queueUrl)
    {
        var worker = Options.Create(new WorkerOptions { Name = "test", QueueUrl = queueUrl });
        return new SqsSourceQueue(fauxqs.Client, new DeadLetterQueueLocator(fauxqs.Client, worker), worker, Options.Create(_poller), NullLogger<SqsSourceQueue>.Instance);
    }

    /// <summary>Receives as the worker does until <paramref name="count"/> messages are in hand, in the order the queue handed them out.</summary>
    private async Task<IReadOnlyList<Message>> ReceiveAsync(string queueUrl, int count)
    {
        var queue = Queue(queueUrl);
        List<Message> received = [];
        return await Eventually.GetAsync<IReadOnlyList<Message>>(
            async () =>
            {
                received.AddRange(await queue.ReceiveAsync(Cancellation));
                return received.Count >= count
                    ? [.. received.OrderBy(message => QueuePosition.From(message.Attributes[Amazon.SQS.MessageSystemAttributeName.SequenceNumber]), StringComparer.Ordinal)]
                    : null;
            },
            TimeSpan.FromSeconds(20), $"{count} message(s) received", Cancellation);
    }

    private async Task<IReadOnlyList<MessageOutcome>> ProcessAsync(string queueUrl, IItemStore store, IReadOnlyList<Message> batch, StoreCircuit? circuit = null)
    {
        using var services = WorkerServices.Build(store);
        var processor = TestBatchProcessors.Create(Queue(queueUrl), services.GetRequiredService<IMessageProcessor>(), _poller, circuit: circuit);
        return await processor.ProcessAsync(new ReceivedBatch([.. batch.Select(InboundMessage.From)], default), Cancellation);
    }

    /// <summary>Runs the worker's batches until <paramref name="stored"/> messages have succeeded in all and the queue is empty.</summary>
    private async Task DrainAsync(string queueUrl, IItemStore store, int stored)
    {
        var queue = Queue(queueUrl);
        List<string> outcomes = [];
        try
        {
            await Eventually.TrueAsync(async () =>
            {
                if (await queue.ReceiveAsync(Cancellation) is { Count: > 0 } messages)
                {
                    outcomes.AddRange((await ProcessAsync(queueUrl, store, messages)).Select(outcome => $"{outcome.Disposition} ({outcome.Reason})"));
                    return false;
                }

                return outcomes.Count(outcome => outcome.StartsWith(nameof(MessageDisposition.Succeeded), StringComparison.Ordinal)) >= stored;
            }, TimeSpan.FromSeconds(60), $"{stored} messages processed and the queue empty", Cancellation);
        }
        catch (TimeoutException exception)
        {
            throw new TimeoutException($"{exception.Message} Outcomes: {string.Join("; ", outcomes)}", exception);
        }
    }

    private async Task<Dictionary<string, AttributeValue>> GetAsync(string itemId) =>
        (await dynalite.Client.GetItemAsync(new GetItemRequest
        {
            TableName = DynaliteFixture.TableName,
            Key = new() { ["ID"] = new AttributeValue { S = itemId } },
            ConsistentRead = true,
        }, Cancellation)).Item;

    private Task SendAsync(string queueUrl, string group, string body) =>
        fauxqs.Client.SendMessageAsync(new SendMessageRequest
        {
            QueueUrl = queueUrl,
            MessageBody = body,
            MessageGroupId = group,
            MessageDeduplicationId = Guid.NewGuid().ToString("N"),
        }, Cancellation);

    /// <summary>The real store, failing the first write of one event as a bug would (not as an outage: the message is charged).</summary>
    private sealed class FailingOnceItemStore(IItemStore inner, string? failingEventId) : IItemStore
    {
        private int _failed;

        public Task<WriteOutcome> PutAsync(string itemId, IngestionEvent message, CancellationToken cancellationToken) =>
            message.EventId == failingEventId && Interlocked.Exchange(ref _failed, 1) == 0
                ? throw new InvalidOperationException($"the first write of {message.EventId} fails")
                : inner.PutAsync(itemId, message, cancellationToken);

        public Task<WriteOutcome> PutOnceAsync(string itemId, IngestionEvent message, string contentHash, CancellationToken cancellationToken) =>
            inner.PutOnceAsync(itemId, message, contentHash, cancellationToken);

        public Task RaiseFloorAsync(string itemId, IngestionEvent message, CancellationToken cancellationToken) =>
            inner.RaiseFloorAsync(itemId, message, cancellationToken);
    }
}
