using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Ingestion.Messaging;
using Ingestion.Messaging.Entities;
using Ingestion.Workers.Configuration;
using Ingestion.Workers.Persistence;
using Microsoft.Extensions.Options;

namespace Ingestion.Workers.Noise;

/// <summary>
/// ALERT items, one per reading: a reading is identified by what it is (location, sensor,
/// timestamp), so its alert is created once and never replaced. A reading sent twice, with or
/// without an event id, gets two event ids from the API; keying the write on the event would let
/// the second copy alert again.
/// </summary>
internal sealed class AlertStore(IAmazonDynamoDB dynamoDb, IOptions<DataStoreOptions> options, TimeProvider timeProvider) : IAlertStore
{
    private readonly string _tableName = options.Value.DataStoreTableName;

    public async Task<bool> TryCreateAsync(string alertId, IngestionEvent alert, CancellationToken cancellationToken)
    {
        try
        {
            // One conditional put: 1 write unit, and a duplicate's failed check costs no more.
            await dynamoDb.PutItemAsync(new PutItemRequest
            {
                TableName = _tableName,
                Item = DataStoreItem.Create(alertId, alert, timeProvider.GetUtcNow()),
                ConditionExpression = "attribute_not_exists(#id)",
                ExpressionAttributeNames = new() { ["#id"] = DataStoreAttributes.Id },
            }, cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }
}

/// <summary>Creates a reading's alert unless it exists.</summary>
internal interface IAlertStore
{
    /// <returns>False when the reading already has its alert (a duplicate or a redelivery).</returns>
    Task<bool> TryCreateAsync(string alertId, IngestionEvent alert, CancellationToken cancellationToken);
}
