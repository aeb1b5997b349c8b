using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Ingestion.Messaging.Entities;
using Microsoft.Extensions.Options;

namespace Ingestion.Api.Ordering;

/// <summary>
/// One atomic counter item per source (<see cref="ItemKeys.Sequence"/>), advanced by a request's
/// event count in one UpdateItem: no transaction, no clock, and a block of consecutive numbers
/// for the request, so its events keep their positions. DynamoDB serialises updates of one item,
/// so every caller's block is distinct.
/// </summary>
public sealed class DynamoDbEventSequencer(IAmazonDynamoDB dynamoDb, IOptions<SequencerOptions> options) : IEventSequencer
{
    private const string NextAttribute = "NEXT";

    public async Task<long> ReserveAsync(string source, int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var response = await dynamoDb.UpdateItemAsync(new UpdateItemRequest
        {
            TableName = options.Value.DataStoreTableName,
            Key = new() { ["ID"] = new AttributeValue { S = ItemKeys.Sequence(source) } },
            UpdateExpression = "ADD #next :count",
            ExpressionAttributeNames = new() { ["#next"] = NextAttribute },
            ExpressionAttributeValues = new() { [":count"] = new AttributeValue { N = count.ToString(CultureInfo.InvariantCulture) } },
            ReturnValues = ReturnValue.UPDATED_NEW,
        }, cancellationToken);
        var last = long.Parse(response.Attributes[NextAttribute].N, CultureInfo.InvariantCulture);
        return last - count + 1;
    }
}
