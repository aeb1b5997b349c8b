using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Ingestion.Messaging;
using Ingestion.Messaging.Entities;
using Ingestion.Tests.Support;
using Ingestion.Workers.Configuration;
using Ingestion.Workers.Persistence;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ingestion.Tests.Workers;

/// <summary>
/// A consumer whose visibility ran out while it was stopped (a pause, a long GC, a starved thread)
/// finishes a message another consumer already took and went on past, on a real dynalite. The scale-out
/// test caught this: the paused replica's read of the event's applied record was answered before the
/// pause and its read of the item after it, so it stored the event over the later updates. Here the two
/// reads of one BatchGetItem are torn apart the same way, deterministically.
/// </summary>
public sealed class LapsedConsumerTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private static readonly DateTimeOffset Received = new(2026, 12, 3, 23, 0, 0, TimeSpan.Zero);
    private static readonly long Stamp = (Received - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnEventAnotherConsumerStoredAndWentPastIsNotStoredAgainOverTheLaterUpdates()
    {
        var store = Store(dynalite.Client);
        await store.PutAsync("CONTRACT#lapsed", Contract("lapsed", "e-lapsed-before", "DRAFT", Stamp, position: 10), Cancellation);
        var lapsed = Contract("lapsed", "e-lapsed-paused", "ACTIVE", Stamp + 1_000, position: 20);

        // While the lapsed consumer is stopped between its two reads, another takes the same message, then the next one.
        using var torn = new TornBatchReads(dynalite.Client, async () =>
        {
            Assert.Equal(WriteOutcome.Stored, await store.PutAsync("CONTRACT#lapsed", lapsed, Cancellation));
            Assert.Equal(WriteOutcome.Stored, await store.PutAsync("CONTRACT#lapsed", Contract("lapsed", "e-lapsed-after", "SUSPENDED", Stamp + 2_000, position: 30), Cancellation));
        });

        var outcome = await Store(torn).PutAsync("CONTRACT#lapsed", lapsed, Cancellation);

        Assert.True(torn.Torn, "the lapsed consumer's reads were not torn apart");
        Assert.Equal(WriteOutcome.AlreadyCurrent, outcome);
        var item = await Get("CONTRACT#lapsed");
        Assert.Equal(("SUSPENDED", "e-lapsed-after"), (item["contract_status"].S, item["EVENT_ID"].S));
        // The record keeps the order the event was stored under the first time, before the later update's.
        var record = await Get(ItemKeys.AppliedEvent("CONTRACT", "e-lapsed-paused"));
        Assert.True(string.CompareOrdinal(record["ORDER_KEY"].S, item["ORDER_KEY"].S) < 0, $"{record["ORDER_KEY"].S} is not before {item["ORDER_KEY"].S}");
    }

    [Fact]
    public async Task AFirstDeliveryBehindAnItemFromAnEarlierRunOfTheQueueIsStillStored()
    {
        // fauxqs without a data directory numbers its messages from 1 again; the table remembers the old numbers.
        var store = Store(dynalite.Client);
        await store.PutAsync("CONTRACT#lapsed-restart", Contract("lapsed-restart", "e-lapsed-old-run", "DRAFT", Stamp, position: 5_000), Cancellation);

        var outcome = await store.PutAsync("CONTRACT#lapsed-restart", Contract("lapsed-restart", "e-lapsed-new-run", "ACTIVE", Stamp + 1_000, position: 1), Cancellation);

        Assert.Equal(WriteOutcome.Stored, outcome);
        Assert.Equal("ACTIVE", (await Get("CONTRACT#lapsed-restart"))["contract_status"].S);
    }

    private static DynamoDbItemStore Store(IAmazonDynamoDB client) => new(
        client, Options.Create(new DataStoreOptions { DataStoreTableName = DynaliteFixture.TableName }), TimeProvider.System, NullLogger<DynamoDbItemStore>.Instance);

    private static IngestionEvent Contract(string contractId, string eventId, string status, long stamp, int position) =>
        TestMessages.Event("CONTRACT", TestMessages.Contract(contractId, "Bridge", status), eventId, Received) with
        {
            Sequence = stamp,
            QueuePosition = QueuePosition.From(position.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };

    private async Task<Dictionary<string, AttributeValue>> Get(string id) =>
        (await dynalite.Client.GetItemAsync(new GetItemRequest
        {
            TableName = DynaliteFixture.TableName,
            Key = new() { ["ID"] = new AttributeValue { S = id } },
            ConsistentRead = true,
        }, Cancellation)).Item;

    /// <summary>
    /// A client whose first BatchGetItem reads the applied records it names, then lets <paramref name="meanwhile"/>
    /// run, then reads the rest: a batch's keys are read one by one, with no snapshot across them.
    /// </summary>
    private sealed class TornBatchReads(AmazonDynamoDBClient inner, Func<Task> meanwhile)
        : AmazonDynamoDBClient(EmulatorsOfTheRun.Credentials, (AmazonDynamoDBConfig)inner.Config)
    {
        public bool Torn { get; private set; }

        public override async Task<BatchGetItemResponse> BatchGetItemAsync(BatchGetItemRequest request, CancellationToken cancellationToken = default)
        {
            if (Torn)
            {
                return await inner.BatchGetItemAsync(request, cancellationToken);
            }

            Torn = true;
            var (table, keys) = request.RequestItems.Single();
            var records = keys.Keys.Where(key => key["ID"].S.StartsWith("APPLIED#", StringComparison.Ordinal)).ToList();
            var first = await Read(table, keys, records, cancellationToken);
            await meanwhile();
            var then = await Read(table, keys, [.. keys.Keys.Except(records)], cancellationToken);
            return new BatchGetItemResponse
            {
                Responses = new() { [table] = [.. first, .. then] },
                UnprocessedKeys = [],
            };
        }

        private async Task<List<Dictionary<string, AttributeValue>>> Read(
            string table, KeysAndAttributes keys, List<Dictionary<string, AttributeValue>> subset, CancellationToken cancellationToken)
        {
            var response = await inner.BatchGetItemAsync(new BatchGetItemRequest
            {
                RequestItems = new()
                {
                    [table] = new KeysAndAttributes
                    {
                        Keys = subset,
                        ConsistentRead = keys.ConsistentRead,
                        ProjectionExpression = keys.ProjectionExpression,
                        ExpressionAttributeNames = keys.ExpressionAttributeNames,
                    },
                },
            }, cancellationToken);
            return response.Responses.GetValueOrDefault(table) ?? [];
        }
    }
}
