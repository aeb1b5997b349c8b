using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Ingestion.Messaging;
using Ingestion.Workers.Configuration;
using Ingestion.Workers.Telemetry;
using Microsoft.Extensions.Options;

namespace Ingestion.Workers.Persistence;

/// <summary>
/// Idempotent, ordered writes: an item is replaced only by a newer event (by the API's
/// received_at, then event_id), so redeliveries and duplicates change nothing and an older
/// event arriving late never overwrites newer data.
/// </summary>
internal sealed class DynamoDbItemStore(IAmazonDynamoDB dynamoDb, IOptions<DataStoreOptions> options, TimeProvider timeProvider, ILogger<DynamoDbItemStore> logger)
    : IItemStore
{
    // SOURCE is a DynamoDB reserved word, so every name goes through a placeholder.
    private const string NewerThanStored =
        "attribute_not_exists(#id) OR #receivedAt < :receivedAt OR (#receivedAt = :receivedAt AND #eventId < :eventId)";

    private static readonly Dictionary<string, string> Names = new()
    {
        ["#id"] = DataStoreAttributes.Id,
        ["#receivedAt"] = DataStoreAttributes.ReceivedAt,
        ["#eventId"] = DataStoreAttributes.EventId,
    };

    private readonly string _tableName = options.Value.DataStoreTableName;

    public async Task<WriteOutcome> PutAsync(string itemId, IngestionEvent message, CancellationToken cancellationToken)
    {
        var item = DataStoreItem.Create(itemId, message, timeProvider.GetUtcNow());
        var request = new PutItemRequest
        {
            TableName = _tableName,
            Item = item,
            ConditionExpression = NewerThanStored,
            ExpressionAttributeNames = Names,
            ExpressionAttributeValues = new Dictionary<string, AttributeValue>
            {
                [":receivedAt"] = item[DataStoreAttributes.ReceivedAt],
                [":eventId"] = item[DataStoreAttributes.EventId],
            },
            // Only to say in the log whether it was a duplicate or a stale event.
            ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
        };

        using var activity = DynamoDbSpans.Start("PutItem", _tableName, dynamoDb.Config.ServiceURL);
        try
        {
            await dynamoDb.PutItemAsync(request, cancellationToken);
            activity?.SetTag("ingestion.write.outcome", "stored");
            logger.ItemStored(itemId, message.EventId);
            return WriteOutcome.Stored;
        }
        catch (ConditionalCheckFailedException exception)
        {
            // Expected for redeliveries and late events: not an error on the span.
            activity?.SetTag("ingestion.write.outcome", "already_current");
            logger.ItemAlreadyCurrent(itemId, message.EventId, Describe(exception.Item));
            return WriteOutcome.AlreadyCurrent;
        }
        catch (Exception exception)
        {
            activity.RecordFailure(exception.GetType().FullName ?? "error", exception.Message, exception);
            throw;
        }
    }

    private static string Describe(Dictionary<string, AttributeValue>? existing) =>
        existing is null
            ? "stored event unknown"
            : $"stored event {existing.GetValueOrDefault(DataStoreAttributes.EventId)?.S} received {existing.GetValueOrDefault(DataStoreAttributes.ReceivedAt)?.S}";
}
