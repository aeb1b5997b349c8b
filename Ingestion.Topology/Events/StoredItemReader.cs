using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;
using Ingestion.Messaging.Entities;

namespace Ingestion.Topology.Events;

/// <summary>
/// Finds an event's stored item by its event id alone, with a handful of GetItems whatever the
/// table's size: the worker keys each event's applied record by the event
/// (<c>APPLIED#&lt;ENTITY&gt;#&lt;base64url(SHA-256(event_id))&gt;</c>) and keeps the item's id in it,
/// so one GetItem per entity name finds the record, and one more the item.
/// </summary>
public sealed class StoredItemReader(Amazon.DynamoDBv2.IAmazonDynamoDB dynamoDb, string table)
{
    /// <summary>The entities a producer sends, the ones whose events have applied records.</summary>
    public static IReadOnlyList<string> EntitiesWithAppliedRecords => EntityNames.FromProducers;

    /// <param name="eventId">An event id; or an item id (<c>READING#HydePark#01#…</c>), read directly: a reading is written once, without an applied record.</param>
    public async Task<StoredItem?> ReadAsync(string eventId, CancellationToken cancellationToken)
    {
        if (EntitiesWithAppliedRecords.Any(entity => eventId.StartsWith(entity + "#", StringComparison.Ordinal)))
        {
            return await GetAsync(eventId, cancellationToken) is { } direct ? new StoredItem(eventId, DynamoJson.ToJson(direct)) : null;
        }

        var records = await Task.WhenAll(EntitiesWithAppliedRecords.Select(entity => GetAsync(ItemKeys.AppliedEvent(entity, eventId), cancellationToken)));
        foreach (var record in records.OfType<Dictionary<string, AttributeValue>>())
        {
            if (record.GetValueOrDefault(DataStoreAttributes.ItemId)?.S is not { Length: > 0 } itemId
                || (record.GetValueOrDefault(DataStoreAttributes.AppliedEventId)?.S is { } recordedId && recordedId != eventId))
            {
                continue;
            }

            // The record outlives nothing it names: an item deleted since is reported by the record alone.
            var item = await GetAsync(itemId, cancellationToken);
            return new StoredItem(itemId, DynamoJson.ToJson(item ?? record), AppliedRecordOnly: item is null);
        }

        return null;
    }

    private async Task<Dictionary<string, AttributeValue>?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var response = await dynamoDb.GetItemAsync(new GetItemRequest
        {
            TableName = table,
            Key = new Dictionary<string, AttributeValue> { [DataStoreAttributes.Id] = new() { S = id } },
            ConsistentRead = true,
        }, cancellationToken);
        return response.Item is { Count: > 0 } item ? item : null;
    }
}

/// <param name="AppliedRecordOnly">The event's applied record was found but its item is gone: <paramref name="Item"/> is the record.</param>
public sealed record StoredItem(string ItemId, JsonObject Item, bool AppliedRecordOnly = false);
