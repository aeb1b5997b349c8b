using System.Diagnostics;
using Amazon.DynamoDBv2.Model;
using Ingestion.Messaging;
using Ingestion.Workers.Configuration;
using Ingestion.Workers.Persistence;
using Ingestion.Workers.Polling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ingestion.Tests.Workers;

/// <summary>The idempotent, ordered write against a real dynalite (which evaluates ConditionExpression like DynamoDB).</summary>
public sealed class ConditionalWriteTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private static readonly DateTimeOffset Earlier = new(2026, 11, 24, 11, 40, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Later = Earlier.AddTicks(1);

    private readonly DynamoDbItemStore _store = new(
        dynalite.Client,
        Options.Create(new DataStoreOptions { DataStoreTableName = DynaliteFixture.TableName }),
        TimeProvider.System,
        NullLogger<DynamoDbItemStore>.Instance);

    [Fact]
    public async Task ADuplicateEventIsStoredOnce()
    {
        var message = Contract("c-dup", "evt-1", Earlier, "Bridge");

        Assert.Equal(WriteOutcome.Stored, await Put("CONTRACT#c-dup", message));
        var first = await Get("CONTRACT#c-dup");
        Assert.Equal(WriteOutcome.AlreadyCurrent, await Put("CONTRACT#c-dup", message));
        var second = await Get("CONTRACT#c-dup");

        Assert.Equal(first["STORED_AT"].S, second["STORED_AT"].S);
        Assert.Single(await ByEntityName("CONTRACT"), item => item["ID"].S == "CONTRACT#c-dup");
    }

    [Fact]
    public async Task AnOlderEventDoesNotOverwriteANewerOne()
    {
        await Put("CONTRACT#c-old", Contract("c-old", "evt-2", Earlier, "Newer name", sequence: 2));

        Assert.Equal(WriteOutcome.AlreadyCurrent, await Put("CONTRACT#c-old", Contract("c-old", "evt-1", Later, "Older name", sequence: 1)));

        var item = await Get("CONTRACT#c-old");
        Assert.Equal("Newer name", item["contract_name"].S);
        Assert.Equal("evt-2", item["EVENT_ID"].S);
    }

    [Fact]
    public async Task ANewerEventOverwritesAnOlderOne()
    {
        await Put("CONTRACT#c-new", Contract("c-new", "evt-1", Earlier, "Older name", sequence: 1));

        Assert.Equal(WriteOutcome.Stored, await Put("CONTRACT#c-new", Contract("c-new", "evt-2", Later, "Newer name", sequence: 2)));

        var item = await Get("CONTRACT#c-new");
        Assert.Equal("Newer name", item["contract_name"].S);
        Assert.Equal(SortableTimestamp.Format(Later), item["RECEIVED_AT"].S);
        Assert.Equal(EventOrder.Key(0, 2), item["ORDER_KEY"].S);
    }

    [Fact]
    public async Task UpdatesOfOneRequestApplyInRequestOrderWhateverTheirEventIds()
    {
        // One request [DRAFT, ACTIVE]: the same received_at, and ids that sort the other way ("e10" < "e2").
        await Put("CONTRACT#c-req", Contract("c-req", "e2", Earlier, "Bridge", status: "DRAFT", sequence: 41));
        await Put("CONTRACT#c-req", Contract("c-req", "e10", Earlier, "Bridge", status: "ACTIVE", sequence: 42));

        Assert.Equal("ACTIVE", (await Get("CONTRACT#c-req"))["contract_status"].S);
    }

    [Fact]
    public async Task AResendOfAnAppliedEventDoesNotUndoALaterUpdate()
    {
        await Put("CONTRACT#c-resend", Contract("c-resend", "evt-1", Earlier, "Bridge", status: "DRAFT", sequence: 1));
        await Put("CONTRACT#c-resend", Contract("c-resend", "evt-2", Earlier, "Bridge", status: "ACTIVE", sequence: 2));

        // After SNS's 5-minute deduplication window the API stamps the resend anew: a later sequence.
        var resend = Contract("c-resend", "evt-1", Later, "Bridge", status: "DRAFT", sequence: 3);

        Assert.Equal(WriteOutcome.AlreadyCurrent, await Put("CONTRACT#c-resend", resend));
        var item = await Get("CONTRACT#c-resend");
        Assert.Equal(("ACTIVE", "evt-2"), (item["contract_status"].S, item["EVENT_ID"].S));
    }

    [Fact]
    public async Task AReplayedOrRedrivenOldEventChangesNothing()
    {
        var old = Contract("c-replay", "evt-1", Earlier, "Bridge", status: "DRAFT", sequence: 7);
        await Put("CONTRACT#c-replay", old);
        await Put("CONTRACT#c-replay", Contract("c-replay", "evt-2", Earlier, "Bridge", status: "ACTIVE", sequence: 8));

        // A replay or a redrive carries the envelope as first published: its original sequence.
        Assert.Equal(WriteOutcome.AlreadyCurrent, await Put("CONTRACT#c-replay", old));

        Assert.Equal("ACTIVE", (await Get("CONTRACT#c-replay"))["contract_status"].S);
    }

    [Fact]
    public async Task AProducersVersionDecidesBeforeTheApisSequence()
    {
        await Put("CONTRACT#c-ver", Contract("c-ver", "evt-v5", Earlier, "Bridge", status: "COMPLETED", sequence: 1, version: 5));

        Assert.Equal(WriteOutcome.AlreadyCurrent, await Put("CONTRACT#c-ver", Contract("c-ver", "evt-v4", Later, "Bridge", status: "ACTIVE", sequence: 2, version: 4)));
        Assert.Equal(WriteOutcome.Stored, await Put("CONTRACT#c-ver", Contract("c-ver", "evt-v6", Later, "Bridge", status: "CANCELLED", sequence: 3, version: 6)));

        var item = await Get("CONTRACT#c-ver");
        Assert.Equal(("CANCELLED", "6"), (item["contract_status"].S, item["VERSION"].N));
    }

    [Fact]
    public async Task ARedeliveryAfterACrashBetweenTheTwoWritesStoresTheEvent()
    {
        var message = Contract("c-crash", "evt-1", Earlier, "Bridge", sequence: 5);
        // The first delivery recorded the event as applied, then died before writing the item.
        await dynalite.Client.PutItemAsync(new PutItemRequest
        {
            TableName = DynaliteFixture.TableName,
            Item = new()
            {
                ["ID"] = new AttributeValue { S = Ingestion.Messaging.Entities.ItemKeys.Applied("CONTRACT#c-crash", "evt-1") },
                ["ORDER_KEY"] = new AttributeValue { S = EventOrder.Key(message) },
            },
        }, TestContext.Current.CancellationToken);

        Assert.Equal(WriteOutcome.Stored, await Put("CONTRACT#c-crash", message));
        Assert.Equal("evt-1", (await Get("CONTRACT#c-crash"))["EVENT_ID"].S);
    }

    [Fact]
    public async Task TheWriteSpanIsAChildOfTheProcessSpan()
    {
        using var collector = new ActivityCollector();
        using var services = WorkerServices.Build(_store);
        var body = TestMessages.Json(Contract("c-span", "evt-span", Earlier, "Traced"));
        var message = Ingestion.Workers.Messages.InboundMessage.From(TestMessages.Raw(
            "m-span", "CONTRACT#c-span", body, attributes: new Dictionary<string, string> { ["traceparent"] = TestMessages.TraceParent }));

        var outcome = await services.GetRequiredService<IMessageProcessor>().ProcessAsync(message, default, CancellationToken.None);

        Assert.Equal(MessageDisposition.Succeeded, outcome.Disposition);
        var process = Assert.Single(collector.Stopped, span => Equals(span.GetTagItem("event_id"), "evt-span"));
        // Two writes: the event's applied record, then the item.
        var writes = collector.Stopped.Where(span => span.ParentSpanId == process.SpanId).ToList();
        Assert.Equal(2, writes.Count);
        Assert.All(writes, write =>
        {
            Assert.Equal("PutItem datastore", write.DisplayName);
            Assert.Equal(ActivityKind.Client, write.Kind);
            Assert.Equal("aws.dynamodb", write.GetTagItem("db.system.name"));
            Assert.Equal("PutItem", write.GetTagItem("db.operation.name"));
            Assert.Equal("datastore", write.GetTagItem("db.collection.name"));
            Assert.Equal(["datastore"], (string[])write.GetTagItem("aws.dynamodb.table_names")!);
            Assert.Equal(process.TraceId, write.TraceId);
        });
    }

    private static IngestionEvent Contract(
        string contractId, string eventId, DateTimeOffset receivedAt, string name, string status = "ACTIVE", long sequence = 1, long? version = null) =>
        TestMessages.Event("CONTRACT", TestMessages.Contract(contractId, name, status), eventId, receivedAt) with { Sequence = sequence, Version = version };

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
