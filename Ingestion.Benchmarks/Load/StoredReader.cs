using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Ingestion.Messaging.Entities;

namespace Ingestion.Benchmarks.Load;

/// <summary>
/// The independent count: reads the items straight from DynamoDB (BatchGetItem, 100 keys a call)
/// and takes each one's STORED_AT, the worker's clock when it wrote the item (the same machine's
/// clock as the sender's). Reads run only after a load window, never during one.
/// </summary>
internal sealed class StoredReader(IAmazonDynamoDB dynamoDb, string tableName)
{
    private const int MaxKeysPerCall = 100;

    /// <summary>When each of the items that exist was stored; missing items are absent.</summary>
    public async Task<Dictionary<string, DateTimeOffset>> ReadAsync(IReadOnlyCollection<string> itemIds, CancellationToken cancellationToken)
    {
        var stored = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var chunks = itemIds.Chunk(MaxKeysPerCall).ToList();
        await Parallel.ForEachAsync(chunks, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (chunk, token) =>
        {
            var keys = chunk.Select(id => new Dictionary<string, AttributeValue> { [DataStoreAttributes.Id] = new() { S = id } }).ToList();
            while (keys.Count > 0)
            {
                var response = await dynamoDb.BatchGetItemAsync(new BatchGetItemRequest
                {
                    RequestItems = new Dictionary<string, KeysAndAttributes>
                    {
                        [tableName] = new()
                        {
                            Keys = keys,
                            ProjectionExpression = "#id, #stored",
                            ExpressionAttributeNames = new Dictionary<string, string> { ["#id"] = DataStoreAttributes.Id, ["#stored"] = DataStoreAttributes.StoredAt },
                        },
                    },
                }, token);
                lock (stored)
                {
                    foreach (var item in response.Responses?.GetValueOrDefault(tableName) ?? [])
                    {
                        stored[item[DataStoreAttributes.Id].S] = DateTimeOffset.Parse(item[DataStoreAttributes.StoredAt].S, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
                    }
                }

                keys = response.UnprocessedKeys?.GetValueOrDefault(tableName)?.Keys ?? [];
            }
        });
        return stored;
    }

    /// <summary>Reads until every item is stored or <paramref name="timeout"/> has passed, re-reading only the missing ones.</summary>
    public async Task<Dictionary<string, DateTimeOffset>> WaitForAsync(IReadOnlyCollection<string> itemIds, TimeSpan timeout, Action<int, int> progress, CancellationToken cancellationToken)
    {
        var stored = await ReadAsync(itemIds, cancellationToken);
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (stored.Count < itemIds.Count && DateTimeOffset.UtcNow < deadline)
        {
            progress(stored.Count, itemIds.Count);
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            var missing = itemIds.Where(id => !stored.ContainsKey(id)).ToList();
            foreach (var (id, at) in await ReadAsync(missing, cancellationToken))
            {
                stored[id] = at;
            }
        }

        return stored;
    }
}
