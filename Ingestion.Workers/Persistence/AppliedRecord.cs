using System.Globalization;
using Amazon.DynamoDBv2.Model;
using Ingestion.Messaging;
using Ingestion.Messaging.Entities;

namespace Ingestion.Workers.Persistence;

/// <summary>
/// The proof that an event was stored (<see cref="ItemKeys.AppliedEvent"/>): keyed by the event
/// alone, it names the item, the order the event was stored under, what the event said (its
/// content hash), its place in its queue's order and its raw id, and expires by DynamoDB's TTL (<c>EXPIRES_AT</c>).
/// </summary>
internal static class AppliedRecord
{
    public static string Key(IngestionEvent message) => ItemKeys.AppliedEvent(message.EntityName, message.EventId);

    public static Dictionary<string, AttributeValue> Create(
        string itemId, IngestionEvent message, string order, string? queuePosition, string contentHash, DateTimeOffset expiresAt)
    {
        var record = new Dictionary<string, AttributeValue>
        {
            [DataStoreAttributes.Id] = new() { S = Key(message) },
            [DataStoreAttributes.ItemId] = new() { S = itemId },
            [DataStoreAttributes.OrderKey] = new() { S = order },
            [DataStoreAttributes.ContentHash] = new() { S = contentHash },
            [DataStoreAttributes.AppliedEventId] = new() { S = message.EventId },
            [DataStoreAttributes.ExpiresAt] = new() { N = expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) },
        };

        // A replay that brings the item back restores its place in the queue's order too.
        if (queuePosition is not null)
        {
            record[DataStoreAttributes.QueuePosition] = new() { S = queuePosition };
        }

        return record;
    }

    /// <summary>Items and records from before content hashes have none: they are taken as the same event.</summary>
    public static bool SameContent(Dictionary<string, AttributeValue> stored, string contentHash) =>
        stored.GetValueOrDefault(DataStoreAttributes.ContentHash)?.S is not { } storedHash || storedHash == contentHash;
}
