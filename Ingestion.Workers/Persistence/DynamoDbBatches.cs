using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Ingestion.Workers.Persistence;

/// <summary>
/// BatchGetItem and BatchWriteItem until every key is done: under load DynamoDB hands part of a
/// batch back (UnprocessedKeys / UnprocessedItems) and expects it again, after a back-off.
/// </summary>
internal static class DynamoDbBatches
{
    private const int MaxAttempts = 10;

    /// <summary>Items by ID, for at most 100 keys (one request's worth).</summary>
    public static async Task<List<Dictionary<string, AttributeValue>>> GetAllAsync(
        IAmazonDynamoDB dynamoDb, string tableName, KeysAndAttributes keys, CancellationToken cancellationToken)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        var request = new Dictionary<string, KeysAndAttributes> { [tableName] = keys };
        for (var attempt = 0; request.Count > 0; attempt++)
        {
            await BackOffAsync(attempt, cancellationToken);
            var response = await dynamoDb.BatchGetItemAsync(new BatchGetItemRequest { RequestItems = request }, cancellationToken);
            items.AddRange(response.Responses?.GetValueOrDefault(tableName) ?? []);
            request = response.UnprocessedKeys is { Count: > 0 } unprocessed && unprocessed.Values.Any(k => k.Keys is { Count: > 0 })
                ? unprocessed
                : [];
        }

        return items;
    }

    /// <summary>Puts at most 25 items (one request's worth).</summary>
    public static async Task PutAllAsync(IAmazonDynamoDB dynamoDb, string tableName, IReadOnlyList<Dictionary<string, AttributeValue>> items, CancellationToken cancellationToken)
    {
        var request = new Dictionary<string, List<WriteRequest>>
        {
            [tableName] = [.. items.Select(item => new WriteRequest { PutRequest = new PutRequest { Item = item } })],
        };
        for (var attempt = 0; request.Count > 0; attempt++)
        {
            await BackOffAsync(attempt, cancellationToken);
            var response = await dynamoDb.BatchWriteItemAsync(new BatchWriteItemRequest { RequestItems = request }, cancellationToken);
            request = response.UnprocessedItems is { Count: > 0 } unprocessed && unprocessed.Values.Any(w => w is { Count: > 0 })
                ? unprocessed
                : [];
        }
    }

    /// <summary>Exponential with full jitter: 50 ms, 100 ms, … capped at 2 s; gives up (throws) after <see cref="MaxAttempts"/>.</summary>
    private static Task BackOffAsync(int attempt, CancellationToken cancellationToken)
    {
        if (attempt == 0)
        {
            return Task.CompletedTask;
        }

        if (attempt >= MaxAttempts)
        {
            throw new ProvisionedThroughputExceededException($"DynamoDB left part of a batch unprocessed {MaxAttempts} times");
        }

        var ceiling = Math.Min(2000, 50 * Math.Pow(2, attempt - 1));
        return Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling), cancellationToken);
    }
}
