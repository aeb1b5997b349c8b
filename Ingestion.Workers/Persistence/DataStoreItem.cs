using System.Globalization;
using Amazon.DynamoDBv2.Model;
using Ingestion.Messaging;
using Ingestion.Messaging.Entities;

namespace Ingestion.Workers.Persistence;

internal static class DataStoreItem
{
    /// <summary>The body's fields as sent, plus the worker's attributes (which win over any body field of the same name).</summary>
    public static Dictionary<string, AttributeValue> Create(string itemId, IngestionEvent message, DateTimeOffset storedAt)
    {
        var item = JsonAttributeValues.FromObject(message.Body);
        item[DataStoreAttributes.Id] = new AttributeValue { S = itemId };
        item[DataStoreAttributes.EntityName] = new AttributeValue { S = message.EntityName };
        item[DataStoreAttributes.EventId] = new AttributeValue { S = message.EventId };
        item[DataStoreAttributes.Source] = new AttributeValue { S = message.Source };
        item[DataStoreAttributes.ReceivedAt] = new AttributeValue { S = SortableTimestamp.Format(message.ReceivedAt) };
        item[DataStoreAttributes.StoredAt] = new AttributeValue { S = SortableTimestamp.Format(storedAt) };
        item[DataStoreAttributes.OrderKey] = new AttributeValue { S = EventOrder.Key(message) };
        item[DataStoreAttributes.ContentHash] = new AttributeValue { S = EventContent.Hash(message) };
        item[DataStoreAttributes.Sequence] = new AttributeValue { N = message.Sequence.ToString(CultureInfo.InvariantCulture) };
        if (message.Version is { } version)
        {
            item[DataStoreAttributes.Version] = new AttributeValue { N = version.ToString(CultureInfo.InvariantCulture) };
        }

        return item;
    }
}
