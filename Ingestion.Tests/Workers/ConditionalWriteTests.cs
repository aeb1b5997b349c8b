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
        await Put("CONTRACT#c-old", Contract("c-old", "evt-2", Later, "Newer name"));

        Assert.Equal(WriteOutcome.AlreadyCurrent, await Put("CONTRACT#c-old", Contract("c-old", "evt-1", Earlier, "Older name")));

        var item = await Get("CONTRACT#c-old");
        Assert.Equal("Newer name", item["contract_name"].S);
        Assert.Equal("evt-2", item["EVENT_ID"].S);
    }

    [Fact]
    public async Task ANewerEventOverwritesAnOlderOne()
    {
        await Put("CONTRACT#c-new", Contract("c-new", "evt-1", Earlier, "Older name"));

        Assert.Equal(WriteOutcome.Stored, await Put("CONTRACT#c-new", Contract("c-new", "evt-2", Later, "Newer name")));

        var item = await Get("CONTRACT#c-new");
        Assert.Equal("Newer name", item["contract_name"].S);
        Assert.Equal(SortableTimestamp.Format(Later), item["RECEIVED_AT"].S);
    }

    [Fact]
    public async Task EventsReceivedAtTheSameInstantAreOrderedByEventId()
    {
        await Put("CONTRACT#c-tie", Contract("c-tie", "evt-b", Earlier, "B"));

        Assert.Equal(WriteOutcome.AlreadyCurrent, await Put("CONTRACT#c-tie", Contract("c-tie", "evt-a", Earlier, "A")));
        Assert.Equal(WriteOutcome.Stored, await Put("CONTRACT#c-tie", Contract("c-tie", "evt-c", Earlier, "C")));

        Assert.Equal("C", (await Get("CONTRACT#c-tie"))["contract_name"].S);
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
        var write = Assert.Single(collector.Stopped, span => span.ParentSpanId == process.SpanId);
        Assert.Equal("PutItem datastore", write.DisplayName);
        Assert.Equal(ActivityKind.Client, write.Kind);
        Assert.Equal("aws.dynamodb", write.GetTagItem("db.system.name"));
        Assert.Equal("PutItem", write.GetTagItem("db.operation.name"));
        Assert.Equal("datastore", write.GetTagItem("db.collection.name"));
        Assert.Equal(["datastore"], (string[])write.GetTagItem("aws.dynamodb.table_names")!);
        Assert.Equal(process.TraceId, write.TraceId);
    }

    private static IngestionEvent Contract(string contractId, string eventId, DateTimeOffset receivedAt, string name) =>
        TestMessages.Event("CONTRACT", TestMessages.Contract(contractId, name), eventId, receivedAt);

    private Task<WriteOutcome> Put(string itemId, IngestionEvent message) => _store.PutAsync(itemId, message, CancellationToken.None);

    private async Task<Dictionary<string, AttributeValue>> Get(string itemId) =>
        (await dynalite.Client.GetItemAsync(new GetItemRequest
        {
            TableName = DynaliteFixture.TableName,
            Key = new() { ["ID"] = new AttributeValue { S = itemId } },
            ConsistentRead = true,
        })).Item;

    private async Task<List<Dictionary<string, AttributeValue>>> ByEntityName(string entityName) =>
        (await dynalite.Client.QueryAsync(new QueryRequest
        {
            TableName = DynaliteFixture.TableName,
            IndexName = "EntityNameIndex",
            KeyConditionExpression = "ENTITY_NAME = :name",
            ExpressionAttributeValues = new() { [":name"] = new AttributeValue { S = entityName } },
        })).Items;
}
