using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Ingestion.Messaging;
using Ingestion.Messaging.Entities;
using Ingestion.Workers.Configuration;
using Ingestion.Workers.Telemetry;
using Microsoft.Extensions.Options;
using OpenTelemetry;

namespace Ingestion.Workers.Persistence;

/// <summary>
/// Idempotent, ordered writes without transactions (dynalite has none), per the README's ordering
/// rule. An update reads the event's applied record and the item's order first (one BatchGetItem),
/// then writes the item under its order, then the applied record: two writes. A crash between the
/// writes is repaired by the redelivery, which finds the item holding this very event. An immutable
/// item is one conditional write.
/// <para>
/// The reads of messages handled at the same time share one BatchGetItem, and their applied records one
/// BatchWriteItem (<see cref="GroupCommit{TRequest, TResult}"/>): each message still waits for its own
/// record, so its group's next message starts only after it is written, and the item writes stay one
/// conditional PutItem each.
/// </para>
/// </summary>
internal sealed class DynamoDbItemStore(IAmazonDynamoDB dynamoDb, IOptions<DataStoreOptions> options, TimeProvider timeProvider, ILogger<DynamoDbItemStore> logger)
    : IItemStore
{
    // Another writer can only come between the read and the write of one item when SQS handed its
    // group to a second consumer (a visibility timeout ran out): read again, a few times.
    private const int MaxAttempts = 3;

    private static readonly Dictionary<string, string> Names = new()
    {
        ["#id"] = DataStoreAttributes.Id,
        ["#order"] = DataStoreAttributes.OrderKey,
    };

    // What the write path reads of an item or an applied record (the ID tells a batch's two apart).
    private static readonly Dictionary<string, string> ReadNames = new()
    {
        ["#id"] = DataStoreAttributes.Id,
        ["#order"] = DataStoreAttributes.OrderKey,
        ["#event"] = DataStoreAttributes.EventId,
        ["#hash"] = DataStoreAttributes.ContentHash,
        ["#position"] = DataStoreAttributes.QueuePosition,
    };

    // A BatchGetItem takes at most 100 keys (two per update), a BatchWriteItem 25 items; one record per key and call.
    private const int MaxReadsPerCall = 50;
    private const int MaxRecordsPerCall = 25;

    private readonly string _tableName = options.Value.DataStoreTableName;
    private readonly TimeSpan _retention = options.Value.AppliedRecordRetention;
    private GroupCommit<(string AppliedKey, string ItemId), StoredPair>? _reads;
    private GroupCommit<Dictionary<string, AttributeValue>, bool>? _records;

    // Made on first use (they call this store's methods); concurrent first uses agree on one.
    private GroupCommit<(string AppliedKey, string ItemId), StoredPair> Reads =>
        LazyInitializer.EnsureInitialized(ref _reads, () => new(ReadManyAsync, MaxReadsPerCall));

    private GroupCommit<Dictionary<string, AttributeValue>, bool> Records =>
        LazyInitializer.EnsureInitialized(ref _records, () => new(PutRecordsAsync, MaxRecordsPerCall, record => record[DataStoreAttributes.Id].S));

    public async Task<WriteOutcome> PutAsync(string itemId, IngestionEvent message, CancellationToken cancellationToken)
    {
        var contentHash = EventContent.Hash(message);
        var eventOrder = EventOrder.Key(message);
        for (var attempt = 1; ; attempt++)
        {
            var (applied, stored) = await ReadAsync(AppliedRecord.Key(message), itemId, cancellationToken);
            var storedOrder = stored?.GetValueOrDefault(DataStoreAttributes.OrderKey)?.S;
            var storedPosition = stored?.GetValueOrDefault(DataStoreAttributes.QueuePosition)?.S;
            if (applied is null && Overtook(message, storedPosition))
            {
                // The item stands later in the queue's order than this very delivery, so another consumer
                // took this message and went on past it (its visibility ran out here). Its record is then
                // written, but the batch may have read the record before the item: read it again, after.
                applied = await GetAsync(AppliedRecord.Key(message), cancellationToken);
            }

            if (applied is not null)
            {
                if (!AppliedRecord.SameContent(applied, contentHash))
                {
                    return Conflicting(itemId, message, $"event_id {message.EventId} was stored before with a different body; the item keeps the first");
                }

                // The item lost what this event wrote (deleted, or restored from an older backup): a replay
                // brings it back under the order it was applied with. An update applied after it has a
                // higher order, so this never undoes one.
                var appliedOrder = applied.GetValueOrDefault(DataStoreAttributes.OrderKey)?.S;
                if (appliedOrder is null || (storedOrder is not null && string.CompareOrdinal(storedOrder, appliedOrder) >= 0))
                {
                    return AlreadyStored(itemId, message, applied);
                }

                var restoredPosition = QueuePosition.Later(applied.GetValueOrDefault(DataStoreAttributes.QueuePosition)?.S, storedPosition);
                if (await TryPutItemAsync(itemId, message, new Placement(appliedOrder, restoredPosition), cancellationToken))
                {
                    logger.ItemStored(itemId, message.EventId);
                    return WriteOutcome.Stored;
                }

                if (attempt == MaxAttempts)
                {
                    throw new InvalidOperationException($"Item {itemId} changed under each of {MaxAttempts} attempts to restore event {message.EventId}.");
                }

                continue;
            }

            if (stored?.GetValueOrDefault(DataStoreAttributes.EventId)?.S == message.EventId)
            {
                if (!AppliedRecord.SameContent(stored, contentHash))
                {
                    return Conflicting(itemId, message, $"event_id {message.EventId} was stored before with a different body; the item keeps the first");
                }

                // The item was written by this event, and its record not yet: the step a crash left undone.
                await PutRecordAsync(AppliedRecord.Create(itemId, message, storedOrder ?? eventOrder, storedPosition, contentHash, ExpiresAt()), cancellationToken);
                return AlreadyStored(itemId, message, stored);
            }

            if (Place(itemId, message, eventOrder, stored, storedOrder, storedPosition) is not { } placement)
            {
                return WriteOutcome.Older;
            }

            if (await TryPutItemAsync(itemId, message, placement, cancellationToken))
            {
                await PutRecordAsync(AppliedRecord.Create(itemId, message, placement.Order, placement.Position, contentHash, ExpiresAt()), cancellationToken);
                logger.ItemStored(itemId, message.EventId);
                return WriteOutcome.Stored;
            }

            if (attempt == MaxAttempts)
            {
                throw new InvalidOperationException($"Item {itemId} changed under each of {MaxAttempts} attempts to store event {message.EventId}.");
            }
        }
    }

    public async Task<WriteOutcome> PutOnceAsync(string itemId, IngestionEvent message, string contentHash, CancellationToken cancellationToken)
    {
        var item = DataStoreItem.Create(itemId, message, timeProvider.GetUtcNow());
        item[DataStoreAttributes.ContentHash] = new AttributeValue { S = contentHash };
        var request = new PutItemRequest
        {
            TableName = _tableName,
            Item = item,
            ConditionExpression = "attribute_not_exists(#id)",
            ExpressionAttributeNames = new() { ["#id"] = DataStoreAttributes.Id },
            ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
        };
        try
        {
            await CallAsync("PutItem", () => dynamoDb.PutItemAsync(request, cancellationToken), "stored");
            logger.ItemStored(itemId, message.EventId);
            return WriteOutcome.Stored;
        }
        catch (ConditionalCheckFailedException exception)
        {
            var stored = exception.Item is { Count: > 0 } old ? old : await GetAsync(itemId, cancellationToken) ?? [];
            return AppliedRecord.SameContent(stored, contentHash)
                ? AlreadyStored(itemId, message, stored)
                : Conflicting(itemId, message, $"{itemId} is stored already with a different body (event {stored.GetValueOrDefault(DataStoreAttributes.EventId)?.S}); it keeps the first");
        }
    }

    public async Task RaiseFloorAsync(string itemId, IngestionEvent message, CancellationToken cancellationToken)
    {
        var eventOrder = EventOrder.Key(message);
        if (EventOrder.Predecessor(eventOrder) is not { } floor)
        {
            return;
        }

        var request = new UpdateItemRequest
        {
            TableName = _tableName,
            Key = new() { [DataStoreAttributes.Id] = new() { S = itemId } },
            UpdateExpression = "SET #order = :floor",
            // Only the stamp moves: a floor from another version would drop updates the producer's versions let through.
            ConditionExpression = "attribute_exists(#id) AND #order < :floor AND begins_with(#order, :version)",
            ExpressionAttributeNames = Names,
            ExpressionAttributeValues = new()
            {
                [":floor"] = new() { S = floor },
                [":version"] = new() { S = EventOrder.VersionPrefix(eventOrder) },
            },
        };
        try
        {
            await CallAsync("UpdateItem", () => dynamoDb.UpdateItemAsync(request, cancellationToken), "floor_raised");
        }
        catch (ConditionalCheckFailedException)
        {
            // Already at or above it, absent, or another version: nothing to raise.
        }
    }

    /// <summary>
    /// Whether the stored item was written by a delivery later in the queue's order than this first
    /// delivery. Positions restart when fauxqs runs without a data directory: then this only costs a
    /// second read until the item's next first delivery.
    /// </summary>
    private static bool Overtook(IngestionEvent message, string? storedPosition) =>
        message is { Resent: null, HeldPosition: null, QueuePosition: { } own }
        && storedPosition is not null
        && QueuePosition.IsAfter(storedPosition, own);

    /// <summary>
    /// Where the README's ordering rule puts the event on the item, or null (logged) when what is stored is
    /// newer. A first delivery comes after everything stored (the topic's order); so does a copy put back
    /// behind a failure, when its original stood after the stored update in the queue's order; a replayed
    /// or redriven copy only by its own stamp, and it leaves the item's place in the queue's order as it was.
    /// </summary>
    private Placement? Place(
        string itemId, IngestionEvent message, string eventOrder, Dictionary<string, AttributeValue>? stored, string? storedOrder, string? storedPosition)
    {
        var storedEventId = stored?.GetValueOrDefault(DataStoreAttributes.EventId)?.S;
        if (message.Resent is not null)
        {
            if (storedOrder is null || string.CompareOrdinal(eventOrder, storedOrder) > 0)
            {
                return new Placement(eventOrder, storedPosition);
            }
        }
        else if (message.HeldPosition is { } held)
        {
            if (!QueuePosition.IsAfter(held, storedPosition))
            {
                logger.HeldCopyOlder(itemId, message.EventId, QueuePosition.Display(held), storedEventId, QueuePosition.Display(storedPosition));
                return null;
            }

            if (EventOrder.ForFirstDelivery(eventOrder, storedOrder) is { } order)
            {
                return new Placement(order, held, AfterStoredPosition: true);
            }
        }
        else if (EventOrder.ForFirstDelivery(eventOrder, storedOrder) is { } order)
        {
            return new Placement(order, message.QueuePosition);
        }

        logger.UpdateOlder(itemId, message.EventId, eventOrder, storedEventId, storedOrder);
        return null;
    }

    private async Task<bool> TryPutItemAsync(string itemId, IngestionEvent message, Placement placement, CancellationToken cancellationToken)
    {
        var item = DataStoreItem.Create(itemId, message, timeProvider.GetUtcNow());
        item[DataStoreAttributes.OrderKey] = new AttributeValue { S = placement.Order };
        var names = new Dictionary<string, string>(Names);
        var values = new Dictionary<string, AttributeValue> { [":order"] = new() { S = placement.Order } };
        var condition = "attribute_not_exists(#id) OR attribute_not_exists(#order) OR #order < :order";
        if (placement.Position is { } position)
        {
            item[DataStoreAttributes.QueuePosition] = new AttributeValue { S = position };
            if (placement.AfterStoredPosition)
            {
                // What was read decided the copy comes later; a write that came between must not have been later still.
                names["#position"] = DataStoreAttributes.QueuePosition;
                values[":position"] = new() { S = position };
                condition = "attribute_not_exists(#id) OR ((attribute_not_exists(#order) OR #order < :order) AND (attribute_not_exists(#position) OR #position < :position))";
            }
        }

        var request = new PutItemRequest
        {
            TableName = _tableName,
            Item = item,
            ConditionExpression = condition,
            ExpressionAttributeNames = names,
            ExpressionAttributeValues = values,
        };
        try
        {
            await CallAsync("PutItem", () => dynamoDb.PutItemAsync(request, cancellationToken), "stored");
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    /// <summary>The event's applied record, in a BatchWriteItem shared with the records of the updates stored at the same time.</summary>
    private Task PutRecordAsync(Dictionary<string, AttributeValue> record, CancellationToken cancellationToken) =>
        CallAsync("BatchWriteItem", () => Records.CallAsync(record, cancellationToken), "applied_recorded");

    /// <summary>
    /// The event's applied record and the item, in a BatchGetItem shared with the updates read at the
    /// same time: one call (its span is this update's wait for it) where two GetItems per update cost the
    /// worker and the store many times the requests, for the same read units.
    /// </summary>
    private Task<StoredPair> ReadAsync(string appliedKey, string itemId, CancellationToken cancellationToken) =>
        CallAsync("BatchGetItem", () => Reads.CallAsync((appliedKey, itemId), cancellationToken), outcome: null);

    private async Task<IReadOnlyList<StoredPair>> ReadManyAsync(IReadOnlyList<(string AppliedKey, string ItemId)> requests)
    {
        var keys = new KeysAndAttributes
        {
            // Distinct: two updates may name the same record (an event_id reused on another item), and DynamoDB refuses a repeated key.
            Keys = [.. requests.SelectMany(request => new[] { request.AppliedKey, request.ItemId }).Distinct(StringComparer.Ordinal).Select(Key)],
            // Strongly consistent: the write that follows decides on what this read saw.
            ConsistentRead = true,
            ProjectionExpression = "#id, #order, #event, #hash, #position",
            ExpressionAttributeNames = ReadNames,
        };
        List<Dictionary<string, AttributeValue>> items;
        // Each waiting update has a span for its wait; the shared call's HTTP request would be a trace of its own.
        using (SuppressInstrumentationScope.Begin())
        {
            items = await DynamoDbBatches.GetAllAsync(dynamoDb, _tableName, keys, CancellationToken.None);
        }

        var byId = items.ToDictionary(item => item[DataStoreAttributes.Id].S, StringComparer.Ordinal);
        return [.. requests.Select(request => new StoredPair(byId.GetValueOrDefault(request.AppliedKey), byId.GetValueOrDefault(request.ItemId)))];
    }

    private async Task<IReadOnlyList<bool>> PutRecordsAsync(IReadOnlyList<Dictionary<string, AttributeValue>> records)
    {
        using (SuppressInstrumentationScope.Begin())
        {
            await DynamoDbBatches.PutAllAsync(dynamoDb, _tableName, records, CancellationToken.None);
        }

        return [.. records.Select(_ => true)];
    }

    private async Task<Dictionary<string, AttributeValue>?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var response = await CallAsync("GetItem", () => dynamoDb.GetItemAsync(new GetItemRequest
        {
            TableName = _tableName,
            Key = Key(id),
            ConsistentRead = true,
            ProjectionExpression = "#id, #order, #event, #hash, #position",
            ExpressionAttributeNames = ReadNames,
        }, cancellationToken), outcome: null);
        return response.Item is { Count: > 0 } item ? item : null;
    }

    private static Dictionary<string, AttributeValue> Key(string id) => new() { [DataStoreAttributes.Id] = new() { S = id } };

    private async Task<T> CallAsync<T>(string operation, Func<Task<T>> call, string? outcome)
    {
        using var activity = DynamoDbSpans.Start(operation, _tableName, dynamoDb.Config.ServiceURL);
        try
        {
            T response;
            // This span is the call's span: the HTTP span under it would double every call's telemetry.
            using (SuppressInstrumentationScope.Begin())
            {
                response = await call();
            }

            if (outcome is not null)
            {
                activity?.SetTag("ingestion.write.outcome", outcome);
            }

            return response;
        }
        catch (ConditionalCheckFailedException)
        {
            // Expected for duplicates and concurrent writers: not an error on the span.
            activity?.SetTag("ingestion.write.outcome", "condition_failed");
            throw;
        }
        catch (Exception exception)
        {
            activity.RecordFailure(exception.GetType().FullName ?? "error", exception.Message, exception);
            throw;
        }
    }

    private WriteOutcome AlreadyStored(string itemId, IngestionEvent message, Dictionary<string, AttributeValue> stored)
    {
        logger.ItemAlreadyCurrent(itemId, message.EventId, $"order {stored.GetValueOrDefault(DataStoreAttributes.OrderKey)?.S}");
        return WriteOutcome.AlreadyCurrent;
    }

    private WriteOutcome Conflicting(string itemId, IngestionEvent message, string reason)
    {
        logger.EventConflicts(itemId, message.EventId, reason);
        return WriteOutcome.Conflict;
    }

    private DateTimeOffset ExpiresAt() => timeProvider.GetUtcNow() + _retention;

    /// <param name="Applied">The event's applied record, if there is one.</param>
    /// <param name="Stored">The item, if there is one.</param>
    private sealed record StoredPair(Dictionary<string, AttributeValue>? Applied, Dictionary<string, AttributeValue>? Stored);

    /// <param name="Order">The item's ORDER_KEY.</param>
    /// <param name="Position">The item's QUEUE_SEQUENCE; none when unknown.</param>
    /// <param name="AfterStoredPosition">The write also requires the stored position to be below <paramref name="Position"/> (a held copy).</param>
    private sealed record Placement(string Order, string? Position, bool AfterStoredPosition = false);
}
