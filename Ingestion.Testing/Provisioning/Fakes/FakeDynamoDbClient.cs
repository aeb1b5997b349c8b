using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

namespace Ingestion.Tests.Provisioning.Fakes;

internal sealed class FakeDynamoDbClient()
    : AmazonDynamoDBClient(new BasicAWSCredentials("test", "test"), new AmazonDynamoDBConfig { ServiceURL = "http://127.0.0.1:9" })
{
    public Dictionary<string, CreateTableRequest> Tables { get; } = new(StringComparer.Ordinal);

    public override Task<CreateTableResponse> CreateTableAsync(CreateTableRequest request, CancellationToken cancellationToken = default)
    {
        if (!Tables.TryAdd(request.TableName, request))
        {
            throw new ResourceInUseException($"Table already exists: {request.TableName}");
        }

        return Task.FromResult(new CreateTableResponse { TableDescription = Describe(request) });
    }

    public override Task<DescribeTableResponse> DescribeTableAsync(DescribeTableRequest request, CancellationToken cancellationToken = default) =>
        Tables.TryGetValue(request.TableName, out var table)
            ? Task.FromResult(new DescribeTableResponse { Table = Describe(table) })
            : throw new ResourceNotFoundException($"Table not found: {request.TableName}");

    private static TableDescription Describe(CreateTableRequest table) => new()
    {
        TableName = table.TableName,
        TableArn = $"arn:aws:dynamodb:us-east-1:000000000000:table/{table.TableName}",
        TableStatus = TableStatus.ACTIVE,
        KeySchema = table.KeySchema,
        GlobalSecondaryIndexes = table.GlobalSecondaryIndexes?.Select(i => new GlobalSecondaryIndexDescription { IndexName = i.IndexName, KeySchema = i.KeySchema }).ToList(),
    };
}
