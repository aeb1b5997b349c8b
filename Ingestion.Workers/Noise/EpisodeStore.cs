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
/// Episodes alone carry EPISODE_LOCATION and EPISODE_START, the keys of the sparse index
/// <see cref="IndexName"/>: a location's episodes by start, for the sweeper and to find the episodes
/// a late reading merged, split or moved.
/// </summary>
internal sealed class EpisodeStore(IAmazonDynamoDB dynamoDb, IOptions<DataStoreOptions> dataStore, IOptions<NoisyEpisodeOptions> options)
{
    public const string EpisodeEntityName = EntityNames.NoiseEpisode;

    public const string IndexName = "EpisodesByLocation";

    public const string IndexLocation = "EPISODE_LOCATION";

    public const string IndexStart = "EPISODE_START";

    private readonly string _tableName = dataStore.Value.DataStoreTableName;

    /// <summary>The index's partition key for a location, prefixed so the statistics role's Query can be limited to episodes.</summary>
    public static string LocationKey(string location) => $"{EpisodeEntityName}{ItemKeys.Separator}{location}";

    /// <summary>
    /// Re-evaluates the episodes around <paramref name="minute"/> after its window changed. Reads the
    /// minutes an episode needs first (EpisodeMinutes each way), and the full look-around only when
    /// a noisy run reaches that edge. Writes the episodes through the minute and its neighbours, and
    /// deletes the ones they replace: an episode is keyed by its start, so a late reading that moves
    /// the start, joins two runs or splits one leaves no stale episode behind.
    /// </summary>
    public async Task UpdateAroundAsync(string location, DateTimeOffset minute, CancellationToken cancellationToken)
    {
        var radius = Math.Min(options.Value.EpisodeMinutes, NoisyEpisodeOptions.LookAroundMinutes);
        var minutes = await ReadMinutesAsync(location, minute, radius, cancellationToken);
        if (radius < NoisyEpisodeOptions.LookAroundMinutes && NoisyEpisodes.AnyRunReachesEdge(minute, radius, minutes, options.Value))
        {
            minutes = await ReadMinutesAsync(location, minute, NoisyEpisodeOptions.LookAroundMinutes, cancellationToken);
        }

        var current = NoisyEpisodes.Touching(minute, minutes, options.Value);
        foreach (var episode in current)
        {
            // Derived from the windows, so writing it again (a redelivery) is harmless.
            await dynamoDb.PutItemAsync(new PutItemRequest { TableName = _tableName, Item = Item(location, episode) }, cancellationToken);
        }

        var starts = current.Select(episode => ItemKeys.WholeSeconds(episode.Start)).ToHashSet(StringComparer.Ordinal);
        foreach (var stale in await StoredTouchingAsync(location, minute, cancellationToken))
        {
            if (!starts.Contains(stale["START"].S))
            {
                await dynamoDb.DeleteItemAsync(new DeleteItemRequest { TableName = _tableName, Key = new() { [DataStoreAttributes.Id] = stale[DataStoreAttributes.Id] } }, cancellationToken);
            }
        }
    }

    /// <summary>Closes open episodes whose last noisy minute ended more than the close-after time before <paramref name="now"/>.</summary>
    public async Task<int> CloseEndedAsync(IEnumerable<string> locations, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var closed = 0;
        foreach (var location in locations)
        {
            await foreach (var episode in QueryAsync(location, "#status = :open", new() { ["#status"] = "STATUS" }, new() { [":open"] = new() { S = "open" } }, cancellationToken))
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
                    // Extended by a new noisy minute, or replaced: still open, or gone.
                }
            }
        }

        return closed;
    }

    /// <summary>Stored episodes of the location that overlap or adjoin the minute and its neighbours.</summary>
    private async Task<List<Dictionary<string, AttributeValue>>> StoredTouchingAsync(string location, DateTimeOffset minute, CancellationToken cancellationToken)
    {
        // Episodes are at most two look-arounds long, so one that touches the minute starts no earlier.
        var earliest = minute.AddMinutes(-(2 * NoisyEpisodeOptions.LookAroundMinutes) - 2);
        var touching = new List<Dictionary<string, AttributeValue>>();
        await foreach (var episode in QueryAsync(
            location,
            "#end >= :from",
            new() { ["#end"] = "END" },
            new() { [":from"] = new() { S = ItemKeys.WholeSeconds(minute.AddMinutes(-1)) } },
            cancellationToken,
            (ItemKeys.WholeSeconds(earliest), ItemKeys.WholeSeconds(minute.AddMinutes(2)))))
        {
            touching.Add(episode);
        }

        return touching;
    }

    private async IAsyncEnumerable<Dictionary<string, AttributeValue>> QueryAsync(
        string location,
        string filter,
        Dictionary<string, string> names,
        Dictionary<string, AttributeValue> values,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken,
        (string From, string To)? starts = null)
    {
        names["#location"] = IndexLocation;
        values[":location"] = new() { S = LocationKey(location) };
        var keyCondition = "#location = :location";
        if (starts is { } range)
        {
            keyCondition += " AND #start BETWEEN :first AND :last";
            names["#start"] = IndexStart;
            values[":first"] = new() { S = range.From };
            values[":last"] = new() { S = range.To };
        }

        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await dynamoDb.QueryAsync(new QueryRequest
            {
                TableName = _tableName,
                IndexName = IndexName,
                KeyConditionExpression = keyCondition,
                FilterExpression = filter,
                ExpressionAttributeNames = names,
                ExpressionAttributeValues = values,
                ExclusiveStartKey = start,
            }, cancellationToken);
            foreach (var item in page.Items ?? [])
            {
                yield return item;
            }

            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);
    }

    private static Dictionary<string, AttributeValue> Item(string location, NoisyEpisode episode) => new()
    {
        [DataStoreAttributes.Id] = new() { S = ItemKeys.NoiseEpisode(location, episode.Start) },
        [DataStoreAttributes.EntityName] = new() { S = EpisodeEntityName },
        [IndexLocation] = new() { S = LocationKey(location) },
        [IndexStart] = new() { S = ItemKeys.WholeSeconds(episode.Start) },
        ["LOCATION"] = new() { S = location },
        ["START"] = new() { S = ItemKeys.WholeSeconds(episode.Start) },
        ["END"] = new() { S = ItemKeys.WholeSeconds(episode.End) },
        ["PEAK_DB"] = new() { N = episode.PeakDb.ToString(CultureInfo.InvariantCulture) },
        ["STATUS"] = new() { S = "open" },
    };

    private async Task<List<MinuteSummary>> ReadMinutesAsync(string location, DateTimeOffset minute, int radius, CancellationToken cancellationToken)
    {
        var keys = Enumerable.Range(-radius, (2 * radius) + 1)
            .Select(offset => new Dictionary<string, AttributeValue> { [DataStoreAttributes.Id] = new() { S = NoiseWindow.ItemId(location, minute.AddMinutes(offset)) } })
            .ToList();
        var items = await DynamoDbBatches.GetAllAsync(dynamoDb, _tableName, new KeysAndAttributes
        {
            Keys = keys,
            ConsistentRead = true,
            ProjectionExpression = $"{WindowAggregate.WindowStartAttribute}, {WindowAggregate.MeanDbAttribute}, {WindowAggregate.MaxDbAttribute}",
        }, cancellationToken);
        return [.. items
            .Where(item => item.ContainsKey(WindowAggregate.MeanDbAttribute))
            .Select(item => new MinuteSummary(
                DateTimeOffset.Parse(item[WindowAggregate.WindowStartAttribute].S, CultureInfo.InvariantCulture),
                double.Parse(item[WindowAggregate.MeanDbAttribute].N, CultureInfo.InvariantCulture),
                double.Parse(item[WindowAggregate.MaxDbAttribute].N, CultureInfo.InvariantCulture)))];
    }
}
