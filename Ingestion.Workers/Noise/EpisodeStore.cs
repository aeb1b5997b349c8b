using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Ingestion.Messaging.Entities;
using Ingestion.Workers.Configuration;
using Ingestion.Workers.Persistence;
using Microsoft.Extensions.Options;

namespace Ingestion.Workers.Noise;

/// <summary>
/// Noisy episodes in the data store: `NOISE_EPISODE#&lt;location&gt;#&lt;start&gt;` with LOCATION,
/// START, END, PEAK_DB and STATUS (open until no noisy minute followed for
/// <see cref="NoisyEpisodeOptions.EpisodeCloseAfter"/>, then closed by <see cref="EpisodeSweeper"/>).
/// </summary>
internal sealed class EpisodeStore(IAmazonDynamoDB dynamoDb, IOptions<DataStoreOptions> dataStore, IOptions<NoisyEpisodeOptions> options)
{
    public const string EpisodeEntityName = EntityNames.NoiseEpisode;

    private readonly string _tableName = dataStore.Value.DataStoreTableName;

    /// <summary>
    /// Re-evaluates the episode around <paramref name="minute"/> after its window changed. Reads the
    /// minutes an episode needs first (EpisodeMinutes each way), and the full look-around only when
    /// the noisy run reaches that edge: most changes cost a handful of reads, not 91.
    /// </summary>
    public async Task UpdateAroundAsync(string location, DateTimeOffset minute, CancellationToken cancellationToken)
    {
        var radius = Math.Min(options.Value.EpisodeMinutes, NoisyEpisodeOptions.LookAroundMinutes);
        var minutes = await ReadMinutesAsync(location, minute, radius, cancellationToken);
        if (radius < NoisyEpisodeOptions.LookAroundMinutes && NoisyEpisodes.RunReachesEdge(minute, radius, minutes, options.Value))
        {
            minutes = await ReadMinutesAsync(location, minute, NoisyEpisodeOptions.LookAroundMinutes, cancellationToken);
        }

        if (NoisyEpisodes.Around(minute, minutes, options.Value) is not { } episode)
        {
            return;
        }

        // Derived from the windows, so writing it again (a redelivery) is harmless.
        await dynamoDb.PutItemAsync(new PutItemRequest
        {
            TableName = _tableName,
            Item = new()
            {
                [DataStoreAttributes.Id] = new() { S = ItemKeys.NoiseEpisode(location, episode.Start) },
                [DataStoreAttributes.EntityName] = new() { S = EpisodeEntityName },
                ["LOCATION"] = new() { S = location },
                ["START"] = new() { S = Iso(episode.Start) },
                ["END"] = new() { S = Iso(episode.End) },
                ["PEAK_DB"] = new() { N = episode.PeakDb.ToString(CultureInfo.InvariantCulture) },
                ["STATUS"] = new() { S = "open" },
            },
        }, cancellationToken);
    }

    /// <summary>Closes open episodes whose last noisy minute ended more than the close-after time before <paramref name="now"/>.</summary>
    public async Task<int> CloseEndedAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var closed = 0;
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await dynamoDb.QueryAsync(new QueryRequest
            {
                TableName = _tableName,
                IndexName = "EntityNameIndex",
                KeyConditionExpression = "#entity = :entity",
                FilterExpression = "#status = :open",
                ExpressionAttributeNames = new() { ["#entity"] = DataStoreAttributes.EntityName, ["#status"] = "STATUS" },
                ExpressionAttributeValues = new() { [":entity"] = new() { S = EpisodeEntityName }, [":open"] = new() { S = "open" } },
                ExclusiveStartKey = start,
            }, cancellationToken);
            foreach (var episode in page.Items ?? [])
            {
                var end = DateTimeOffset.Parse(episode["END"].S, CultureInfo.InvariantCulture);
                if (now - end < options.Value.EpisodeCloseAfter)
                {
                    continue;
                }

                try
                {
                    // Only if it was not extended meanwhile.
                    await dynamoDb.UpdateItemAsync(new UpdateItemRequest
                    {
                        TableName = _tableName,
                        Key = new() { [DataStoreAttributes.Id] = episode[DataStoreAttributes.Id] },
                        UpdateExpression = "SET #status = :closed",
                        ConditionExpression = "#end = :end",
                        ExpressionAttributeNames = new() { ["#status"] = "STATUS", ["#end"] = "END" },
                        ExpressionAttributeValues = new() { [":closed"] = new() { S = "closed" }, [":end"] = episode["END"] },
                    }, cancellationToken);
                    closed++;
                }
                catch (ConditionalCheckFailedException)
                {
                    // Extended by a new noisy minute: still open.
                }
            }

            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);

        return closed;
    }

    private async Task<List<MinuteSummary>> ReadMinutesAsync(string location, DateTimeOffset minute, int radius, CancellationToken cancellationToken)
    {
        var keys = Enumerable.Range(-radius, (2 * radius) + 1)
            .Select(offset => new Dictionary<string, AttributeValue> { [DataStoreAttributes.Id] = new() { S = NoiseWindow.ItemId(location, minute.AddMinutes(offset)) } })
            .ToList();
        var response = await dynamoDb.BatchGetItemAsync(new BatchGetItemRequest
        {
            RequestItems = new()
            {
                [_tableName] = new KeysAndAttributes
                {
                    Keys = keys,
                    ConsistentRead = true,
                    ProjectionExpression = "WINDOW_START, MEAN_DB, MAX_DB",
                },
            },
        }, cancellationToken);
        return [.. response.Responses.GetValueOrDefault(_tableName, [])
            .Where(item => item.ContainsKey("MEAN_DB"))
            .Select(item => new MinuteSummary(
                DateTimeOffset.Parse(item["WINDOW_START"].S, CultureInfo.InvariantCulture),
                double.Parse(item["MEAN_DB"].N, CultureInfo.InvariantCulture),
                double.Parse(item["MAX_DB"].N, CultureInfo.InvariantCulture)))];
    }

    private static string Iso(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
