using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Ingestion.Messaging;
using Ingestion.Messaging.Entities;
using Ingestion.Workers.Configuration;
using Ingestion.Workers.Telemetry;
using Microsoft.Extensions.Options;
using OpenTelemetry;

namespace Ingestion.Workers.Persistence;

/// <summary>
/// Idempotent, ordered writes without transactions (dynalite has none), in two steps:
/// <list type="number">
/// <item>The event's applied record (<see cref="ItemKeys.Applied"/>) is written unless one exists
/// with a different order key: that is a resend, which the API stamped later than the original,
/// and it must not win over what came after the original.</item>
/// <item>The item is replaced only by a later order key (<see cref="EventOrder"/>), so
/// redeliveries, replays and redrives of an old event change nothing.</item>
/// </list>
/// A crash between the steps is repaired by the redelivery: same order key, so step 1 passes again.
/// </summary>
internal sealed class DynamoDbItemStore(IAmazonDynamoDB dynamoDb, IOptions<DataStoreOptions> options, TimeProvider timeProvider, ILogger<DynamoDbItemStore> logger)
    : IItemStore
{
    private const string LaterThanStored = "attribute_not_exists(#id) OR attribute_not_exists(#order) OR #order < :order";

    private const string FirstOrSameOrder = "attribute_not_exists(#id) OR #order = :order";

    private static readonly Dictionary<string, string> Names = new()
    {
        ["#id"] = DataStoreAttributes.Id,
        ["#order"] = DataStoreAttributes.OrderKey,
    };

    private readonly string _tableName = options.Value.DataStoreTableName;

    public async Task<WriteOutcome> PutAsync(string itemId, IngestionEvent message, CancellationToken cancellationToken)
    {
        var order = new AttributeValue { S = EventOrder.Key(message) };
        if (!await RecordAppliedAsync(itemId, message, order, cancellationToken))
        {
            return WriteOutcome.AlreadyCurrent;
        }

        var item = DataStoreItem.Create(itemId, message, timeProvider.GetUtcNow());
        var request = new PutItemRequest
        {
            TableName = _tableName,
            Item = item,
            ConditionExpression = LaterThanStored,
            ExpressionAttributeNames = Names,
            ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":order"] = order },
            // Only to say in the log whether it was a duplicate or a stale event.
            ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
        };

        using var activity = DynamoDbSpans.Start("PutItem", _tableName, dynamoDb.Config.ServiceURL);
        try
        {
            // This span is the call's span: the HTTP span under it would double every write's telemetry.
            using (SuppressInstrumentationScope.Begin())
            {
                await dynamoDb.PutItemAsync(request, cancellationToken);
            }

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

    /// <returns>False when the event was already applied under another order key (a resend).</returns>
    private async Task<bool> RecordAppliedAsync(string itemId, IngestionEvent message, AttributeValue order, CancellationToken cancellationToken)
    {
        using var activity = DynamoDbSpans.Start("PutItem", _tableName, dynamoDb.Config.ServiceURL);
        try
        {
            using (SuppressInstrumentationScope.Begin())
            {
                await dynamoDb.PutItemAsync(new PutItemRequest
                {
                    TableName = _tableName,
                    Item = new()
                    {
                        [DataStoreAttributes.Id] = new() { S = ItemKeys.Applied(itemId, message.EventId) },
                        [DataStoreAttributes.OrderKey] = order,
                    },
                    ConditionExpression = FirstOrSameOrder,
                    ExpressionAttributeNames = Names,
                    ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":order"] = order },
                }, cancellationToken);
            }

            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            activity?.SetTag("ingestion.write.outcome", "resent");
            logger.EventResent(itemId, message.EventId);
            return false;
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
            : $"stored event {existing.GetValueOrDefault(DataStoreAttributes.EventId)?.S} order {existing.GetValueOrDefault(DataStoreAttributes.OrderKey)?.S}";
}
