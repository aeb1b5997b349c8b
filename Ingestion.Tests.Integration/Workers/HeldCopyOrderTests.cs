using Amazon.DynamoDBv2.Model;
using Ingestion.Messaging;
using Ingestion.Messaging.Entities;
using Ingestion.Tests.Api;
using Ingestion.Workers.Configuration;
using Ingestion.Workers.Persistence;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ingestion.Tests.Workers;

/// <summary>
/// The ordering rule for a copy a worker put back behind a failure (or deferred in a store outage), on
/// a real dynalite: the copy stands where its original stood in the queue's order (its SequenceNumber),
/// whatever the stamps of the API instances that took the updates say.
/// </summary>
public sealed class HeldCopyOrderTests : IClassFixture<DynaliteFixture>, IDisposable
{
    private static readonly DateTimeOffset Received = new(2026, 11, 24, 11, 40, 0, TimeSpan.Zero);
    private static readonly long Stamp = (Received - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond;
    private static readonly long FiveMinutes = (long)TimeSpan.FromMinutes(5).TotalMicroseconds;

    private readonly DynaliteFixture _dynalite;
    private readonly CapturedLogs _logs = new();
    private readonly LoggerFactory _loggers;
    private readonly DynamoDbItemStore _store;

    public HeldCopyOrderTests(DynaliteFixture dynalite)
    {
        _dynalite = dynalite;
        _loggers = new LoggerFactory([_logs]);
        _store = new DynamoDbItemStore(
            dynalite.Client,
            Options.Create(new DataStoreOptions { DataStoreTableName = DynaliteFixture.TableName }),
            TimeProvider.System,
            _loggers.CreateLogger<DynamoDbItemStore>());
    }

    public void Dispose() => _loggers.Dispose();

    [Fact]
    public async Task AHeldCopyWhoseOriginalStoodLaterIsStoredThoughItsApiInstancesClockIsBehind()
    {
        // The head H failed once and was retried in place; F, behind it in the group, went back as a copy.
        // H's instance's clock is five minutes ahead of F's.
        await Put("CONTRACT#held-later", Contract("held-later", "e-head", "DRAFT", Stamp + FiveMinutes) with { QueuePosition = Position(1) });

        var copy = Contract("held-later", "e-follower", "ACTIVE", Stamp) with { QueuePosition = Position(5), HeldPosition = Position(2) };

        Assert.Equal(WriteOutcome.Stored, await Put("CONTRACT#held-later", copy));
        var item = await Get("CONTRACT#held-later");
        Assert.Equal(("ACTIVE", "e-follower"), (item["contract_status"].S, item["EVENT_ID"].S));
        // Stored after what it follows, and at its original's place, not at the copy's own.
        Assert.Equal(EventOrder.Key(0, Stamp + FiveMinutes + 1), item["ORDER_KEY"].S);
        Assert.Equal(Position(2), item["QUEUE_SEQUENCE"].S);
    }

    [Fact]
    public async Task AHeldCopyWhoseOriginalStoodEarlierIsDroppedAsOlderThoughItsStampIsLaterAndTheDropIsLogged()
    {
        // B was held behind a failure; D, published after B, reached the queue before B's copy and was stored.
        // B's instance's clock is five minutes ahead of D's.
        await Put("CONTRACT#held-earlier", Contract("held-earlier", "e-later-update", "ACTIVE", Stamp) with { QueuePosition = Position(4) });

        var copy = Contract("held-earlier", "e-held", "DRAFT", Stamp + FiveMinutes) with { QueuePosition = Position(6), HeldPosition = Position(2) };

        Assert.Equal(WriteOutcome.Older, await Put("CONTRACT#held-earlier", copy));
        var item = await Get("CONTRACT#held-earlier");
        Assert.Equal(("ACTIVE", "e-later-update", Position(4)), (item["contract_status"].S, item["EVENT_ID"].S, item["QUEUE_SEQUENCE"].S));
        var line = Assert.Single(_logs.Records, record => record.Message.Contains("e-held", StringComparison.Ordinal)).Message;
        Assert.Contains("at 2 ", line, StringComparison.Ordinal);
        Assert.Contains("e-later-update (at 4)", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("99999999999999999999", "100000000000000000000", true)]
    [InlineData("1000", "999", false)]
    [InlineData("18849496460467696128", "340282366920938463463374607431768211455", true)]
    public async Task PositionsCompareAsNumbersWhateverTheirLength(string stored, string held, bool heldIsLater)
    {
        var itemId = $"CONTRACT#held-{stored.Length}-{held.Length}";
        await Put(itemId, Contract(itemId[9..], $"e-{stored}", "DRAFT", Stamp) with { QueuePosition = QueuePosition.From(stored) });

        var copy = Contract(itemId[9..], $"e-{held}", "ACTIVE", Stamp + 1) with { HeldPosition = QueuePosition.From(held) };

        Assert.Equal(heldIsLater ? WriteOutcome.Stored : WriteOutcome.Older, await Put(itemId, copy));
    }

    [Fact]
    public async Task AReplayLeavesTheItemsPlaceInTheQueuesOrderSoAnEarlierHeldCopyStillLoses()
    {
        await Put("CONTRACT#held-replay", Contract("held-replay", "e-held-replay-first", "DRAFT", Stamp) with { QueuePosition = Position(7) });
        var replay = Contract("held-replay", "e-replayed", "SUSPENDED", Stamp + FiveMinutes) with { Resent = "replay", QueuePosition = Position(1) };
        Assert.Equal(WriteOutcome.Stored, await Put("CONTRACT#held-replay", replay));
        Assert.Equal(Position(7), (await Get("CONTRACT#held-replay"))["QUEUE_SEQUENCE"].S);

        var copy = Contract("held-replay", "e-held-early", "ACTIVE", Stamp + (2 * FiveMinutes)) with { HeldPosition = Position(5) };

        Assert.Equal(WriteOutcome.Older, await Put("CONTRACT#held-replay", copy));
        Assert.Equal("SUSPENDED", (await Get("CONTRACT#held-replay"))["contract_status"].S);
    }

    [Fact]
    public async Task AFirstDeliveryRecordsItsPlaceOnTheItemAndOnItsAppliedRecord()
    {
        var first = Contract("held-record", "e-recorded", "DRAFT", Stamp) with { QueuePosition = Position(3) };

        Assert.Equal(WriteOutcome.Stored, await Put("CONTRACT#held-record", first));

        Assert.Equal(Position(3), (await Get("CONTRACT#held-record"))["QUEUE_SEQUENCE"].S);
        Assert.Equal(Position(3), (await Get(ItemKeys.AppliedEvent("CONTRACT", "e-recorded")))["QUEUE_SEQUENCE"].S);
    }

    private static string Position(int sequenceNumber) => QueuePosition.From(sequenceNumber.ToString(System.Globalization.CultureInfo.InvariantCulture))!;

    private static IngestionEvent Contract(string contractId, string eventId, string status, long stamp) =>
        TestMessages.Event("CONTRACT", TestMessages.Contract(contractId, "Bridge", status), eventId, Received) with { Sequence = stamp };

    private Task<WriteOutcome> Put(string itemId, IngestionEvent message) => _store.PutAsync(itemId, message, TestContext.Current.CancellationToken);

    private async Task<Dictionary<string, AttributeValue>> Get(string itemId) =>
        (await _dynalite.Client.GetItemAsync(new GetItemRequest
        {
            TableName = DynaliteFixture.TableName,
            Key = new() { ["ID"] = new AttributeValue { S = itemId } },
            ConsistentRead = true,
        }, TestContext.Current.CancellationToken)).Item;
}
