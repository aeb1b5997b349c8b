using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Ingestion.Workers.Configuration;
using Ingestion.Workers.Entities;
using Ingestion.Workers.Handling;
using Ingestion.Workers.Persistence;
using Ingestion.Workers.Telemetry;
using Microsoft.Extensions.Options;

namespace Ingestion.Workers.Noise;

/// <summary>
/// The statistics processor: every reading (its queue has no location filter) updates its
/// location's 1-minute window item `STATS#&lt;location&gt;#&lt;minute&gt;` with count, max, mean and p95.
/// Idempotent without transactions (dynalite has none): each reading is one attribute of the
/// window named after its event id, so a redelivery sets the same attribute again, and the
/// statistics are recomputed from the attributes the update returns. Then the noisy episode
/// around that minute, if any, is brought up to date (<see cref="EpisodeStore"/>).
/// Bound: an item holds at most 400 KB, about 10,000 readings per location-minute.
/// </summary>
internal sealed class StatisticsHandler(IAmazonDynamoDB dynamoDb, IOptions<DataStoreOptions> options, EpisodeStore episodes) : IMessageHandler<Reading>
{
    public const string StatsEntityName = Ingestion.Messaging.Entities.EntityNames.NoiseStatistics;
    private const string ReadingPrefix = "R_";

    private readonly string _tableName = options.Value.DataStoreTableName;

    public async Task<MessageHandlerResult> HandleAsync(EntityMessage<Reading> message, CancellationToken cancellationToken)
    {
        var reading = message.Body;
        var windowStart = NoiseWindow.StartOf(reading.Timestamp);
        var key = new Dictionary<string, AttributeValue> { [DataStoreAttributes.Id] = new() { S = NoiseWindow.ItemId(reading.Location, windowStart) } };

        using var recordSpan = DynamoDbSpans.Start("UpdateItem", _tableName, dynamoDb.Config.ServiceURL);
        var recorded = await dynamoDb.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = _tableName,
            Key = key,
            UpdateExpression = "SET #reading = :db, #entity = :entity, #location = :location, #window = :window",
            ExpressionAttributeNames = new()
            {
                ["#reading"] = ReadingPrefix + new string([.. message.Event.EventId.Where(char.IsAsciiLetterOrDigit)]),
                ["#entity"] = DataStoreAttributes.EntityName,
                ["#location"] = "LOCATION",
                ["#window"] = "WINDOW_START",
            },
            ExpressionAttributeValues = new()
            {
                [":db"] = new() { N = reading.Db.ToString(CultureInfo.InvariantCulture) },
                [":entity"] = new() { S = StatsEntityName },
                [":location"] = new() { S = reading.Location },
                [":window"] = new() { S = windowStart.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) },
            },
            ReturnValues = ReturnValue.ALL_NEW,
        }, cancellationToken);
        recordSpan?.Dispose();

        var decibels = recorded.Attributes
            .Where(pair => pair.Key.StartsWith(ReadingPrefix, StringComparison.Ordinal))
            .Select(pair => double.Parse(pair.Value.N, CultureInfo.InvariantCulture))
            .ToList();
        var statistics = NoiseWindow.Compute(decibels);

        // Derived from the window's readings, so writing it again is harmless.
        using var summarySpan = DynamoDbSpans.Start("UpdateItem", _tableName, dynamoDb.Config.ServiceURL);
        await dynamoDb.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = _tableName,
            Key = key,
            UpdateExpression = "SET #count = :count, #max = :max, #mean = :mean, #p95 = :p95",
            ExpressionAttributeNames = new() { ["#count"] = "COUNT", ["#max"] = "MAX_DB", ["#mean"] = "MEAN_DB", ["#p95"] = "P95_DB" },
            ExpressionAttributeValues = new()
            {
                [":count"] = Number(statistics.Count),
                [":max"] = Number(statistics.MaxDb),
                [":mean"] = Number(statistics.MeanDb),
                [":p95"] = Number(statistics.P95Db),
            },
        }, cancellationToken);
        summarySpan?.Dispose();

        await episodes.UpdateAroundAsync(reading.Location, windowStart, cancellationToken);
        return MessageHandlerResult.Success;
    }

    private static AttributeValue Number(double value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };
}
