using System.Diagnostics;
using Amazon.DynamoDBv2.Model;
using Ingestion.Messaging;
using Ingestion.Messaging.Entities;
using Ingestion.Workers.Configuration;
using Ingestion.Workers.Persistence;
using Ingestion.Workers.Polling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ingestion.Tests.Workers;

/// <summary>The README's ordering rule for an updated entity, against a real dynalite (which evaluates conditions like DynamoDB).</summary>
public sealed class ConditionalWriteTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private static readonly DateTimeOffset Received = new(2026, 11, 24, 11, 40, 0, TimeSpan.Zero);

    /// <summary>An API instance's stamp at <see cref="Received"/>, in microseconds since the epoch.</summary>
    private static readonly long Stamp = (Received - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond;

    private static readonly long FiveMinutes = (long)TimeSpan.FromMinutes(5).TotalMicroseconds;

    private readonly DynamoDbItemStore _store = Store(dynalite.Client);

    [Fact]
    public async Task ADuplicateEventIsStoredOnce()
    {
        var message = Contract("c-dup", "c-dup-evt-1", "Bridge");

        Assert.Equal(WriteOutcome.Stored, await Put("CONTRACT#c-dup", message));
        var first = await Get("CONTRACT#c-dup");
        Assert.Equal(WriteOutcome.AlreadyCurrent, await Put("CONTRACT#c-dup", message));
        var second = await Get("CONTRACT#c-dup");

        Assert.Equal(first["STORED_AT"].S, second["STORED_AT"].S);
        Assert.Single(await ByEntityName("CONTRACT"), item => item["ID"].S == "CONTRACT#c-dup");
    }

    [Fact]
    public async Task ALaterFirstDeliveryWinsEvenWhenItsApiInstancesClockIsMinutesBehind()
    {
        // Instance A's clock is five minutes ahead of instance B's; A's DRAFT was acknowledged before B's ACTIVE was sent.
        await Put("CONTRACT#c-clocks", Contract("c-clocks", "e-draft", "Bridge", status: "DRAFT", stamp: Stamp + FiveMinutes));

        Assert.Equal(WriteOutcome.Stored, await Put("CONTRACT#c-clocks", Contract("c-clocks", "e-active", "Bridge", status: "ACTIVE", stamp: Stamp)));

        var item = await Get("CONTRACT#c-clocks");
        Assert.Equal(("ACTIVE", "e-active"), (item["contract_status"].S, item["EVENT_ID"].S));
        // Stored just after the update it follows, not under its own lower stamp.
        Assert.Equal(EventOrder.Key(0, Stamp + FiveMinutes + 1), item["ORDER_KEY"].S);
    }

    [Fact]
    public async Task UpdatesOfOneRequestApplyInRequestOrderWhateverTheirEventIds()
    {
        // One request [DRAFT, ACTIVE]: consecutive stamps, and ids that sort the other way ("e10" < "e2").
        await Put("CONTRACT#c-req", Contract("c-req", "e2", "Bridge", status: "DRAFT", stamp: Stamp));
        await Put("CONTRACT#c-req", Contract("c-req", "e10", "Bridge", status: "ACTIVE", stamp: Stamp + 1));

        Assert.Equal("ACTIVE", (await Get("CONTRACT#c-req"))["contract_status"].S);
    }

    [Fact]
    public async Task AResendOfAnAppliedEventDoesNotUndoALaterUpdate()
    {
        await Put("CONTRACT#c-resend", Contract("c-resend", "c-resend-evt-1", "Bridge", status: "DRAFT", stamp: Stamp));
        await Put("CONTRACT#c-resend", Contract("c-resend", "c-resend-evt-2", "Bridge", status: "ACTIVE", stamp: Stamp + 1));

        // After SNS's 5-minute deduplication window the API stamps the resend anew, and it arrives as a first delivery.
        var resend = Contract("c-resend", "c-resend-evt-1", "Bridge", status: "DRAFT", stamp: Stamp + FiveMinutes);

        Assert.Equal(WriteOutcome.AlreadyCurrent, await Put("CONTRACT#c-resend", resend));
        var item = await Get("CONTRACT#c-resend");
        Assert.Equal(("ACTIVE", "c-resend-evt-2"), (item["contract_status"].S, item["EVENT_ID"].S));
    }

    [Fact]
    public async Task AReplayedOrRedrivenOldEventChangesNothingButANewerOneIsStored()
    {
        await Put("CONTRACT#c-replay", Contract("c-replay", "c-replay-evt-1", "Bridge", status: "DRAFT", stamp: Stamp + 10));
        await Put("CONTRACT#c-replay", Contract("c-replay", "c-replay-evt-2", "Bridge", status: "ACTIVE", stamp: Stamp + 20));

        // A replay or a redrive carries the envelope as first published: its original stamp, and says it is resent.
        var older = Contract("c-replay", "c-replay-evt-0", "Bridge", status: "CANCELLED", stamp: Stamp + 15) with { Resent = "replay" };
        Assert.Equal(WriteOutcome.Older, await Put("CONTRACT#c-replay", older));
        Assert.Equal("ACTIVE", (await Get("CONTRACT#c-replay"))["contract_status"].S);

        var newer = Contract("c-replay", "c-replay-evt-3", "Bridge", status: "COMPLETED", stamp: Stamp + 30) with { Resent = "redrive" };
        Assert.Equal(WriteOutcome.Stored, await Put("CONTRACT#c-replay", newer));
        Assert.Equal("COMPLETED", (await Get("CONTRACT#c-replay"))["contract_status"].S);
    }

    [Fact]
    public async Task AReplayBringsBackALostItemUnderItsFirstOrderAndNeverUndoesALaterUpdate()
    {
        var first = Contract("c-gone", "c-gone-evt-1", "Bridge", status: "DRAFT", stamp: Stamp);
        Assert.Equal(WriteOutcome.Stored, await Put("CONTRACT#c-gone", first));
        var firstOrder = (await Get("CONTRACT#c-gone"))["ORDER_KEY"].S;
        await dynalite.Client.DeleteItemAsync(DynaliteFixture.TableName, new() { ["ID"] = new AttributeValue { S = "CONTRACT#c-gone" } }, TestContext.Current.CancellationToken);

        // Its applied record outlived the item: the replay is not a duplicate of what is stored.
        Assert.Equal(WriteOutcome.Stored, await Put("CONTRACT#c-gone", first with { Resent = "replay" }));
        var restored = await Get("CONTRACT#c-gone");
        Assert.Equal(("DRAFT", "c-gone-evt-1", firstOrder), (restored["contract_status"].S, restored["EVENT_ID"].S, restored["ORDER_KEY"].S));

        await Put("CONTRACT#c-gone", Contract("c-gone", "c-gone-evt-2", "Bridge", status: "ACTIVE", stamp: Stamp + 1));
        Assert.Equal(WriteOutcome.AlreadyCurrent, await Put("CONTRACT#c-gone", first with { Resent = "replay" }));
        Assert.Equal("ACTIVE", (await Get("CONTRACT#c-gone"))["contract_status"].S);
    }

    [Fact]
    public async Task AnUpdateDroppedAsOlderIsLoggedAtInformationWithBothOrders()
    {
        var logs = new Ingestion.Tests.Api.CapturedLogs();
        using var loggers = new Microsoft.Extensions.Logging.LoggerFactory([logs]);
        var store = new DynamoDbItemStore(dynalite.Client, Options.Create(new DataStoreOptions { DataStoreTableName = DynaliteFixture.TableName }),
            TimeProvider.System, Microsoft.Extensions.Logging.LoggerFactoryExtensions.CreateLogger<DynamoDbItemStore>(loggers));
        await store.PutAsync("CONTRACT#c-logged", Contract("c-logged", "logged-new", "Bridge", stamp: Stamp + 2), CancellationToken.None);

        var older = Contract("c-logged", "logged-old", "Bridge", stamp: Stamp + 1) with { Resent = "replay" };
        Assert.Equal(WriteOutcome.Older, await store.PutAsync("CONTRACT#c-logged", older, CancellationToken.None));

        var line = Assert.Single(logs.Records, record => record.Message.Contains("logged-old", StringComparison.Ordinal)).Message;
        Assert.Contains(EventOrder.Key(0, Stamp + 1), line, StringComparison.Ordinal);
        Assert.Contains(EventOrder.Key(0, Stamp + 2), line, StringComparison.Ordinal);
        Assert.Contains("logged-new", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARedriveOfAFailedEventDoesNotWinOverAnUpdateAppliedMeanwhile()
    {
        // E failed on the item (stamped by a clock ahead); an update from an instance whose clock is behind came after it.
        var failed = Contract("c-floor", "c-floor-failed", "Bridge", status: "SUSPENDED", stamp: Stamp + FiveMinutes);
        await Put("CONTRACT#c-floor", Contract("c-floor", "c-floor-first", "Bridge", status: "DRAFT", stamp: Stamp));
        await _store.RaiseFloorAsync("CONTRACT#c-floor", failed, CancellationToken.None);
        await Put("CONTRACT#c-floor", Contract("c-floor", "c-floor-later", "Bridge", status: "ACTIVE", stamp: Stamp + 1));

        Assert.Equal(WriteOutcome.Older, await Put("CONTRACT#c-floor", failed with { Resent = "redrive" }));

        Assert.Equal("ACTIVE", (await Get("CONTRACT#c-floor"))["contract_status"].S);
    }

    [Fact]
    public async Task ARedriveOfAFailedEventIsStoredWhenNothingCameAfterIt()
    {
        var failed = Contract("c-floor-only", "e-failed-alone", "Bridge", status: "SUSPENDED", stamp: Stamp + FiveMinutes);
        await Put("CONTRACT#c-floor-only", Contract("c-floor-only", "e-first-alone", "Bridge", status: "DRAFT", stamp: Stamp));
        await _store.RaiseFloorAsync("CONTRACT#c-floor-only", failed, CancellationToken.None);

        Assert.Equal(WriteOutcome.Stored, await Put("CONTRACT#c-floor-only", failed with { Resent = "redrive" }));

        Assert.Equal("SUSPENDED", (await Get("CONTRACT#c-floor-only"))["contract_status"].S);
    }

    [Fact]
    public async Task AProducersVersionDecidesBeforeTheStamp()
    {
        await Put("CONTRACT#c-ver", Contract("c-ver", "evt-v5", "Bridge", status: "COMPLETED", stamp: Stamp, version: 5));

        Assert.Equal(WriteOutcome.Older, await Put("CONTRACT#c-ver", Contract("c-ver", "evt-v4", "Bridge", status: "ACTIVE", stamp: Stamp + 1, version: 4)));
        Assert.Equal(WriteOutcome.Stored, await Put("CONTRACT#c-ver", Contract("c-ver", "evt-v6", "Bridge", status: "CANCELLED", stamp: Stamp - FiveMinutes, version: 6)));

        var item = await Get("CONTRACT#c-ver");
        Assert.Equal(("CANCELLED", "6"), (item["contract_status"].S, item["VERSION"].N));
    }

    [Fact]
    public async Task AResendIsStoredWhenTheItemWriteOfTheFirstAttemptNeverSucceeded()
    {
        var (client, control) = FailingDynamoDb.Wrap(dynalite.Client);
        var store = Store(client);
        control.Fails = request => request.Item["ID"].S == "CONTRACT#c-lost";
        await Assert.ThrowsAnyAsync<Exception>(() => store.PutAsync("CONTRACT#c-lost", Contract("c-lost", "c-lost-evt-1", "Bridge"), CancellationToken.None));
        control.Fails = _ => false;

        // The producer resends the event_id later; the API stamps it anew.
        var resend = Contract("c-lost", "c-lost-evt-1", "Bridge", stamp: Stamp + FiveMinutes);

        Assert.Equal(WriteOutcome.Stored, await store.PutAsync("CONTRACT#c-lost", resend, CancellationToken.None));
        Assert.Equal("c-lost-evt-1", (await Get("CONTRACT#c-lost"))["EVENT_ID"].S);
    }

    [Fact]
    public async Task ARedeliveryAfterACrashBetweenTheItemAndItsRecordWritesTheRecordAndChangesNothingElse()
    {
        var (client, control) = FailingDynamoDb.Wrap(dynalite.Client);
        var store = Store(client);
        var message = Contract("c-crash", "c-crash-evt-1", "Bridge");
        control.Fails = request => request.Item["ID"].S.StartsWith("APPLIED#", StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<Exception>(() => store.PutAsync("CONTRACT#c-crash", message, CancellationToken.None));
        control.Fails = _ => false;
        var written = await Get("CONTRACT#c-crash");

        Assert.Equal(WriteOutcome.AlreadyCurrent, await store.PutAsync("CONTRACT#c-crash", message, CancellationToken.None));

        Assert.Equal(written["STORED_AT"].S, (await Get("CONTRACT#c-crash"))["STORED_AT"].S);
        var record = await Get(ItemKeys.AppliedEvent("CONTRACT", "c-crash-evt-1"));
        Assert.Equal(("CONTRACT#c-crash", written["ORDER_KEY"].S), (record["ITEM_ID"].S, record["ORDER_KEY"].S));
    }

    [Fact]
    public async Task AReusedEventIdWithADifferentBodyIsAConflictAndTheItemKeepsTheFirstBody()
    {
        await Put("CONTRACT#c-reuse", Contract("c-reuse", "evt-reused", "First name"));

        // Past SNS's deduplication (another body is another deduplication id), stamped later.
        var other = Contract("c-reuse", "evt-reused", "Second name", stamp: Stamp + 1);

        Assert.Equal(WriteOutcome.Conflict, await Put("CONTRACT#c-reuse", other));
        Assert.Equal("First name", (await Get("CONTRACT#c-reuse"))["contract_name"].S);
    }

    [Fact]
    public async Task IdsHoldingHashesCannotBeMistakenForOneAnother()
    {
        // Contract "x#y" with event "e", and contract "x" with event "y#e": once one applied record, APPLIED#CONTRACT#x#y#e.
        Assert.Equal(WriteOutcome.Stored, await Put("CONTRACT#x#y", Contract("x#y", "e", "Bridge", stamp: Stamp)));
        Assert.Equal(WriteOutcome.Stored, await Put("CONTRACT#x", Contract("x", "y#e", "Tunnel", stamp: Stamp + 1)));

        Assert.Equal("Tunnel", (await Get("CONTRACT#x"))["contract_name"].S);
        Assert.NotEqual(ItemKeys.AppliedEvent("CONTRACT", "e"), ItemKeys.AppliedEvent("CONTRACT", "y#e"));
    }

    [Fact]
    public async Task TheAppliedRecordNamesTheItemTheEventAndWhenItExpires()
    {
        await Put("CONTRACT#c-record", Contract("c-record", "evt-record", "Bridge"));

        var record = await Get(ItemKeys.AppliedEvent("CONTRACT", "evt-record"));

        Assert.Equal(("CONTRACT#c-record", "evt-record"), (record["ITEM_ID"].S, record["APPLIED_EVENT_ID"].S));
        // Not EVENT_ID: a search for the item by its event id must not find the record instead.
        Assert.False(record.ContainsKey("EVENT_ID"));
        Assert.Equal(EventOrder.Key(0, Stamp), record["ORDER_KEY"].S);
        Assert.Equal(EventContent.Hash(Contract("c-record", "evt-record", "Bridge")), record["CONTENT_HASH"].S);
        var expires = DateTimeOffset.FromUnixTimeSeconds(long.Parse(record["EXPIRES_AT"].N, System.Globalization.CultureInfo.InvariantCulture));
        Assert.InRange(expires - DateTimeOffset.UtcNow, TimeSpan.FromDays(6), TimeSpan.FromDays(7));
        Assert.False(record.ContainsKey("ENTITY_NAME"));
    }

    [Fact]
    public async Task TheReadsAndWritesAreChildrenOfTheProcessSpan()
    {
        using var collector = new CapturedSpans(Ingestion.Workers.Telemetry.WorkerTelemetry.Name);
        using var services = WorkerServices.Build(_store);
        var body = TestMessages.Json(Contract("c-span", "evt-span", "Traced"));
        var message = Ingestion.Workers.Messages.InboundMessage.From(TestMessages.Raw(
            "m-span", "CONTRACT#c-span", body, attributes: new Dictionary<string, string> { ["traceparent"] = TestMessages.TraceParent }));

        var outcome = await services.GetRequiredService<IMessageProcessor>().ProcessAsync(message, default, CancellationToken.None);

        Assert.Equal(MessageDisposition.Succeeded, outcome.Disposition);
        var process = Assert.Single(collector.Stopped, span => Equals(span.GetTagItem("event_id"), "evt-span"));
        // One read (the event's record and the item's order in one BatchGetItem), then two writes: the item, then the
        // event's record (a BatchWriteItem shared with the records of updates stored at the same time). Each is this message's span.
        var calls = collector.Stopped.Where(span => span.ParentSpanId == process.SpanId).ToList();
        Assert.Equal(["BatchGetItem datastore", "BatchWriteItem datastore", "PutItem datastore"], calls.Select(call => call.DisplayName).Order());
        Assert.All(calls, call =>
        {
            Assert.Equal(ActivityKind.Client, call.Kind);
            Assert.Equal("aws.dynamodb", call.GetTagItem("db.system.name"));
            Assert.Equal("datastore", call.GetTagItem("db.collection.name"));
            Assert.Equal(["datastore"], (string[])call.GetTagItem("aws.dynamodb.table_names")!);
            Assert.Equal(process.TraceId, call.TraceId);
        });
    }

    internal static IngestionEvent Contract(
        string contractId, string eventId, string name, string status = "ACTIVE", long? stamp = null, long? version = null) =>
        TestMessages.Event("CONTRACT", TestMessages.Contract(contractId, name, status), eventId, Received) with { Sequence = stamp ?? Stamp, Version = version };

    private static DynamoDbItemStore Store(Amazon.DynamoDBv2.IAmazonDynamoDB client) => new(
        client,
        Options.Create(new DataStoreOptions { DataStoreTableName = DynaliteFixture.TableName }),
        TimeProvider.System,
        NullLogger<DynamoDbItemStore>.Instance);

    private Task<WriteOutcome> Put(string itemId, IngestionEvent message) => _store.PutAsync(itemId, message, CancellationToken.None);

    private async Task<Dictionary<string, AttributeValue>> Get(string itemId) =>
        (await dynalite.Client.GetItemAsync(new GetItemRequest
        {
            TableName = DynaliteFixture.TableName,
            Key = new() { ["ID"] = new AttributeValue { S = itemId } },
            ConsistentRead = true,
        })).Item;

    private async Task<List<Dictionary<string, AttributeValue>>> ByEntityName(string entityName) =>
        (await dynalite.Client.ScanAsync(new ScanRequest
        {
            TableName = DynaliteFixture.TableName,
            FilterExpression = "ENTITY_NAME = :name",
            ExpressionAttributeValues = new() { [":name"] = new AttributeValue { S = entityName } },
        })).Items;
}
