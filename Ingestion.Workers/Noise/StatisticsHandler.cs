using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Ingestion.Messaging.Entities;
using Ingestion.Workers.Configuration;
using Ingestion.Workers.Entities;
using Ingestion.Workers.Handling;
using Ingestion.Workers.Persistence;
using Microsoft.Extensions.Options;

namespace Ingestion.Workers.Noise;

/// <summary>
/// The statistics processor: every reading updates its location's 1-minute window
/// `STATS#&lt;location&gt;#&lt;minute&gt;` (COUNT, MAX_DB, MEAN_DB, P95_DB over a <see cref="WindowHistogram"/>),
/// each reading exactly once, without transactions (dynalite has none), at a cost that does not
/// grow with the minute:
/// <list type="number">
/// <item>the reading's record <see cref="ItemKeys.Applied"/> (window, event id) is created <c>pending</c>;</item>
/// <item>the window adds it (count, sum, its bin) and the reading's hash to APPLYING, unless APPLYING holds it already;</item>
/// <item>the record becomes <c>applied</c>;</item>
/// <item>the hash leaves APPLYING, and the summary is written only if COUNT is still what this update saw,
/// so a concurrent or late update can never leave an older summary behind the newer count.</item>
/// </list>
/// A redelivery resumes where the first delivery stopped. Then the noisy episode around the
/// minute is brought up to date, only when the minute's noisiness or peak changed.
/// </summary>
internal sealed class StatisticsHandler(IAmazonDynamoDB dynamoDb, IOptions<DataStoreOptions> options, EpisodeStore episodes, IOptions<NoisyEpisodeOptions> episodeOptions)
    : IMessageHandler<Reading>
{
    public const string StatsEntityName = EntityNames.NoiseStatistics;
    private const string Applying = "APPLYING";

    private readonly string _tableName = options.Value.DataStoreTableName;

    public async Task<MessageHandlerResult> HandleAsync(EntityMessage<Reading> message, CancellationToken cancellationToken)
    {
        var reading = message.Body;
        var windowStart = NoiseWindow.StartOf(reading.Timestamp);
        var windowId = NoiseWindow.ItemId(reading.Location, windowStart);
        var window = new Dictionary<string, AttributeValue> { [DataStoreAttributes.Id] = new() { S = windowId } };
        var record = new Dictionary<string, AttributeValue> { [DataStoreAttributes.Id] = new() { S = ItemKeys.Applied(windowId, message.Event.EventId) } };
        // Collision-free for any two event ids, whatever their punctuation.
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(message.Event.EventId)));

        if (await StartAsync(record, cancellationToken) == "applied")
        {
            // Steps 1–3 done before: only step 4 may be missing.
            var current = await RemoveFromApplyingAsync(window, hash, cancellationToken);
            await WriteSummaryAsync(window, current, cancellationToken);
            return MessageHandlerResult.Success;
        }

        var (before, after) = await AddAsync(window, reading, windowStart, hash, cancellationToken);
        await dynamoDb.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = _tableName,
            Key = record,
            UpdateExpression = "SET #state = :applied",
            ExpressionAttributeNames = new() { ["#state"] = "STATE" },
            ExpressionAttributeValues = new() { [":applied"] = new() { S = "applied" } },
        }, cancellationToken);
        await FinishAsync(window, hash, after, cancellationToken);

        if (ChangesEpisodes(before, after))
        {
            await episodes.UpdateAroundAsync(reading.Location, windowStart, cancellationToken);
        }

        return MessageHandlerResult.Success;
    }

    /// <returns>The record's state: null when this delivery created it.</returns>
    private async Task<string?> StartAsync(Dictionary<string, AttributeValue> record, CancellationToken cancellationToken)
    {
        try
        {
            await dynamoDb.PutItemAsync(new PutItemRequest
            {
                TableName = _tableName,
                Item = new(record) { ["STATE"] = new() { S = "pending" } },
                ConditionExpression = "attribute_not_exists(#id)",
                ExpressionAttributeNames = new() { ["#id"] = DataStoreAttributes.Id },
                ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
            }, cancellationToken);
            return null;
        }
        catch (ConditionalCheckFailedException exception)
        {
            // A redelivery. DynamoDB returns the record with the failure; an emulator may not, so read it then.
            var existing = exception.Item is { Count: > 0 } item
                ? item
                : (await dynamoDb.GetItemAsync(new GetItemRequest { TableName = _tableName, Key = record, ConsistentRead = true }, cancellationToken)).Item;
            return existing?.GetValueOrDefault("STATE")?.S ?? "pending";
        }
    }

    /// <returns>The window before and after this reading (before is null for the minute's first reading).</returns>
    private async Task<(WindowStatistics? Before, WindowStatistics After)> AddAsync(
        Dictionary<string, AttributeValue> window, Reading reading, DateTimeOffset windowStart, string hash, CancellationToken cancellationToken)
    {
        var db = reading.Db.ToString(CultureInfo.InvariantCulture);
        try
        {
            var added = await dynamoDb.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = _tableName,
                Key = window,
                UpdateExpression = "ADD #count :one, #sum :db, #bin :one, #applying :hash SET #entity = :entity, #location = :location, #window = :window, #max = if_not_exists(#max, :db)",
                ConditionExpression = "attribute_not_exists(#applying) OR NOT contains(#applying, :hashText)",
                ExpressionAttributeNames = new()
                {
                    ["#count"] = "COUNT", ["#sum"] = "SUM_DB", ["#bin"] = WindowHistogram.BinOf(reading.Db), ["#applying"] = Applying,
                    ["#entity"] = DataStoreAttributes.EntityName, ["#location"] = "LOCATION", ["#window"] = "WINDOW_START", ["#max"] = "MAX_DB",
                },
                ExpressionAttributeValues = new()
                {
                    [":one"] = new() { N = "1" },
                    [":db"] = new() { N = db },
                    [":hash"] = new() { SS = [hash] },
                    [":hashText"] = new() { S = hash },
                    [":entity"] = new() { S = StatsEntityName },
                    [":location"] = new() { S = reading.Location },
                    [":window"] = new() { S = ItemKeys.WholeSeconds(windowStart) },
                },
                ReturnValues = ReturnValue.ALL_NEW,
            }, cancellationToken);
            var after = await RaiseMaxAsync(window, added.Attributes, reading.Db, cancellationToken);
            var count = int.Parse(after["COUNT"].N, CultureInfo.InvariantCulture);
            var statistics = WindowHistogram.Statistics(after);
            var before = count == 1 ? null : Without(statistics, after, reading.Db);
            return (before, statistics);
        }
        catch (ConditionalCheckFailedException)
        {
            // Added by an earlier delivery that stopped before step 3: read what the window holds now.
            var current = await dynamoDb.GetItemAsync(new GetItemRequest { TableName = _tableName, Key = window, ConsistentRead = true }, cancellationToken);
            var statistics = WindowHistogram.Statistics(current.Item);
            return (statistics, statistics);
        }
    }

    /// <summary>MAX_DB can only be raised by a conditional write; a reading below the maximum costs nothing here.</summary>
    private async Task<Dictionary<string, AttributeValue>> RaiseMaxAsync(
        Dictionary<string, AttributeValue> window, Dictionary<string, AttributeValue> current, double db, CancellationToken cancellationToken)
    {
        if (db <= double.Parse(current["MAX_DB"].N, CultureInfo.InvariantCulture))
        {
            return current;
        }

        try
        {
            var raised = await dynamoDb.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = _tableName,
                Key = window,
                UpdateExpression = "SET #max = :db",
                ConditionExpression = "#max < :db",
                ExpressionAttributeNames = new() { ["#max"] = "MAX_DB" },
                ExpressionAttributeValues = new() { [":db"] = new() { N = db.ToString(CultureInfo.InvariantCulture) } },
                ReturnValues = ReturnValue.ALL_NEW,
            }, cancellationToken);
            return raised.Attributes;
        }
        catch (ConditionalCheckFailedException)
        {
            // A concurrent reading raised it further.
            return current;
        }
    }

    private async Task FinishAsync(Dictionary<string, AttributeValue> window, string hash, WindowStatistics statistics, CancellationToken cancellationToken)
    {
        try
        {
            await dynamoDb.UpdateItemAsync(SummaryUpdate(window, statistics, removeHash: hash), cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            // A later reading changed COUNT: its own summary, which includes this one, is the one to keep.
            await RemoveFromApplyingAsync(window, hash, cancellationToken);
        }
    }

    private async Task<Dictionary<string, AttributeValue>> RemoveFromApplyingAsync(Dictionary<string, AttributeValue> window, string hash, CancellationToken cancellationToken) =>
        (await dynamoDb.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = _tableName,
            Key = window,
            UpdateExpression = "DELETE #applying :hash",
            ExpressionAttributeNames = new() { ["#applying"] = Applying },
            ExpressionAttributeValues = new() { [":hash"] = new() { SS = [hash] } },
            ReturnValues = ReturnValue.ALL_NEW,
        }, cancellationToken)).Attributes;

    private async Task WriteSummaryAsync(Dictionary<string, AttributeValue> window, Dictionary<string, AttributeValue> current, CancellationToken cancellationToken)
    {
        try
        {
            await dynamoDb.UpdateItemAsync(SummaryUpdate(window, WindowHistogram.Statistics(current), removeHash: null), cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            // Changed since: the change writes its own summary.
        }
    }

    private UpdateItemRequest SummaryUpdate(Dictionary<string, AttributeValue> window, WindowStatistics statistics, string? removeHash)
    {
        var request = new UpdateItemRequest
        {
            TableName = _tableName,
            Key = window,
            UpdateExpression = "SET #mean = :mean, #p95 = :p95, #summarised = :count",
            ConditionExpression = "#count = :count",
            ExpressionAttributeNames = new() { ["#count"] = "COUNT", ["#mean"] = "MEAN_DB", ["#p95"] = "P95_DB", ["#summarised"] = "SUMMARY_COUNT" },
            ExpressionAttributeValues = new()
            {
                [":count"] = Number(statistics.Count),
                [":mean"] = Number(statistics.MeanDb),
                [":p95"] = Number(statistics.P95Db),
            },
        };
        if (removeHash is not null)
        {
            request.UpdateExpression += " DELETE #applying :hash";
            request.ExpressionAttributeNames["#applying"] = Applying;
            request.ExpressionAttributeValues[":hash"] = new() { SS = [removeHash] };
        }

        return request;
    }

    /// <summary>An episode depends on which minutes are noisy and on their peaks: nothing else about a window.</summary>
    private bool ChangesEpisodes(WindowStatistics? before, WindowStatistics after)
    {
        var threshold = episodeOptions.Value.EpisodeThresholdDb;
        var wasNoisy = before is not null && before.MeanDb > threshold;
        var isNoisy = after.MeanDb > threshold;
        return wasNoisy != isNoisy || (isNoisy && after.MaxDb > (before?.MaxDb ?? double.MinValue));
    }

    /// <summary>The window's mean and max without the reading just added; a max it may have set counts as a change.</summary>
    private static WindowStatistics Without(WindowStatistics with, Dictionary<string, AttributeValue> window, double db)
    {
        var sum = decimal.Parse(window["SUM_DB"].N, CultureInfo.InvariantCulture) - (decimal)db;
        var mean = Math.Round((double)(sum / (with.Count - 1)), 2);
        return new WindowStatistics(with.Count - 1, db >= with.MaxDb ? double.MinValue : with.MaxDb, mean, with.P95Db);
    }

    private static AttributeValue Number(double value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };
}
