using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;

namespace Ingestion.Hosting.AWS.Events;

/// <summary>
/// Reads the stored item by its ID; without one, finds it by the worker's <c>EVENT_ID</c> item
/// attribute with a bounded scan (fine for a local table; on AWS the scan is bounded to a few pages).
/// </summary>
public sealed class StoredItemReader(Amazon.DynamoDBv2.IAmazonDynamoDB dynamoDb, string table)
{
    public const string EventIdItemAttribute = "EVENT_ID";
    private const int MaxScanPages = 5;

    public async Task<StoredItem?> ReadAsync(string? itemId, string eventId, CancellationToken cancellationToken)
    {
        if (itemId is not null)
        {
            var response = await dynamoDb.GetItemAsync(new GetItemRequest
            {
                TableName = table,
                Key = new Dictionary<string, AttributeValue> { ["ID"] = new() { S = itemId } },
                ConsistentRead = true,
            }, cancellationToken);
            return response.Item is { Count: > 0 } item ? new StoredItem(itemId, DynamoJson.ToJson(item)) : null;
        }

        Dictionary<string, AttributeValue>? startKey = null;
        for (var page = 0; page < MaxScanPages; page++)
        {
            var response = await dynamoDb.ScanAsync(new ScanRequest
            {
                TableName = table,
                FilterExpression = "#eventId = :eventId",
                ExpressionAttributeNames = new Dictionary<string, string> { ["#eventId"] = EventIdItemAttribute },
                ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":eventId"] = new() { S = eventId } },
                ExclusiveStartKey = startKey,
            }, cancellationToken);
            if (response.Items?.FirstOrDefault() is { } found)
            {
                return new StoredItem(found.GetValueOrDefault("ID")?.S ?? "", DynamoJson.ToJson(found));
            }

            startKey = response.LastEvaluatedKey;
            if (startKey is not { Count: > 0 })
            {
                break;
            }
        }

        return null;
    }
}

public sealed record StoredItem(string ItemId, JsonObject Item);
