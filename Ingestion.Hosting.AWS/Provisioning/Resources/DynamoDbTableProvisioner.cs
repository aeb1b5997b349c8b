using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Ingestion.Hosting.AWS.Provisioning.Evaluation;

namespace Ingestion.Hosting.AWS.Provisioning.Resources;

/// <summary>
/// AWS::DynamoDB::Table. An existing table is accepted only if its keys and index keys match
/// the template: a table with a different key schema would break every writer, and changing
/// keys means recreating the table, which a local deployer must not do to someone's data.
/// </summary>
internal sealed class DynamoDbTableProvisioner(IAmazonDynamoDB dynamoDb) : IResourceProvisioner
{
    private static readonly TimeSpan ActiveTimeout = TimeSpan.FromSeconds(30);

    public IReadOnlyCollection<string> ResourceTypes { get; } = ["AWS::DynamoDB::Table"];

    public async Task<ProvisionedResource> ProvisionAsync(ResourceRequest request, CancellationToken cancellationToken)
    {
        var create = ReadRequest(request);
        ResourceOutcome outcome;
        try
        {
            await dynamoDb.CreateTableAsync(create, cancellationToken);
            outcome = ResourceOutcome.Created;
        }
        catch (ResourceInUseException)
        {
            outcome = ResourceOutcome.Existing;
        }

        var table = await WaitUntilActiveAsync(request, create.TableName, cancellationToken);
        if (outcome == ResourceOutcome.Existing)
        {
            CheckSameKeys(request, create, table);
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal) { ["Arn"] = table.TableArn };
        if (!string.IsNullOrEmpty(table.LatestStreamArn))
        {
            values["StreamArn"] = table.LatestStreamArn;
        }

        return new ProvisionedResource(request.LogicalId, request.Type, outcome, create.TableName, values, request.Properties.Notes);
    }

    private static CreateTableRequest ReadRequest(ResourceRequest request)
    {
        var props = request.Properties;
        var where = request.Where;
        var billing = props.String("BillingMode") ?? "PROVISIONED";
        var create = new CreateTableRequest
        {
            TableName = props.String("TableName") ?? request.Stack.GeneratedName(request.LogicalId),
            BillingMode = new BillingMode(billing),
            AttributeDefinitions = [.. Items(props.Array("AttributeDefinitions"), where, "AttributeDefinitions").Select(a =>
                new AttributeDefinition(Text(a, "AttributeName", where), new ScalarAttributeType(Text(a, "AttributeType", where))))],
            KeySchema = KeySchema(props.Array("KeySchema"), where),
            ProvisionedThroughput = Throughput(props.Node("ProvisionedThroughput"), where),
            GlobalSecondaryIndexes = [.. Items(props.Array("GlobalSecondaryIndexes"), where, "GlobalSecondaryIndexes").Select(index => new GlobalSecondaryIndex
            {
                IndexName = Text(index, "IndexName", where),
                KeySchema = KeySchema(index["KeySchema"] as JsonArray, where),
                Projection = Projection(index["Projection"], where),
                ProvisionedThroughput = Throughput(index["ProvisionedThroughput"], where),
            })],
            LocalSecondaryIndexes = [.. Items(props.Array("LocalSecondaryIndexes"), where, "LocalSecondaryIndexes").Select(index => new LocalSecondaryIndex
            {
                IndexName = Text(index, "IndexName", where),
                KeySchema = KeySchema(index["KeySchema"] as JsonArray, where),
                Projection = Projection(index["Projection"], where),
            })],
        };
        if (create.GlobalSecondaryIndexes.Count == 0)
        {
            create.GlobalSecondaryIndexes = null;
        }

        if (create.LocalSecondaryIndexes.Count == 0)
        {
            create.LocalSecondaryIndexes = null;
        }

        props.NoLocalMeaning("the emulator has no backups", "PointInTimeRecoverySpecification");
        props.NoLocalMeaning("the emulator does not encrypt", "SSESpecification");
        props.NoLocalMeaning("the emulator has no streams, TTL or Kinesis integration", "StreamSpecification", "TimeToLiveSpecification", "KinesisStreamSpecification");
        props.NoLocalMeaning("no local meaning", "DeletionProtectionEnabled", "TableClass", "ContributorInsightsSpecification", "ResourcePolicy", "WarmThroughput", "OnDemandThroughput");
        props.NoLocalMeaning("tags are avoided locally: the SDK rejects dynalite's TagResource reply", "Tags");
        props.RejectUnread();
        return create;
    }

    private async Task<TableDescription> WaitUntilActiveAsync(ResourceRequest request, string tableName, CancellationToken cancellationToken)
    {
        // dynalite keeps a new table CREATING for a while unless started with --createTableMs 0.
        var deadline = DateTime.UtcNow + ActiveTimeout;
        while (true)
        {
            var table = (await dynamoDb.DescribeTableAsync(new DescribeTableRequest { TableName = tableName }, cancellationToken)).Table;
            if (table.TableStatus == TableStatus.ACTIVE)
            {
                return table;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{request.Where}: table {tableName} is still {table.TableStatus} after {ActiveTimeout.TotalSeconds:0} s.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
    }

    private static void CheckSameKeys(ResourceRequest request, CreateTableRequest wanted, TableDescription actual)
    {
        static string Keys(IEnumerable<KeySchemaElement>? keys) =>
            string.Join(",", (keys ?? []).Select(k => $"{k.AttributeName}:{k.KeyType.Value}"));
        static string Indexes(IEnumerable<(string Name, List<KeySchemaElement> Keys)> indexes) =>
            string.Join(";", indexes.OrderBy(i => i.Name, StringComparer.Ordinal).Select(i => $"{i.Name}={Keys(i.Keys)}"));

        var wantedShape = $"{Keys(wanted.KeySchema)} | {Indexes((wanted.GlobalSecondaryIndexes ?? []).Select(i => (i.IndexName, i.KeySchema)))}";
        var actualShape = $"{Keys(actual.KeySchema)} | {Indexes((actual.GlobalSecondaryIndexes ?? []).Select(i => (i.IndexName, i.KeySchema)))}";
        if (wantedShape != actualShape)
        {
            throw new TemplateException(
                $"{request.Where}: table {wanted.TableName} exists with keys [{actualShape}] but the template wants [{wantedShape}]. " +
                "Keys cannot change in place: delete the table (or the emulator's data) first.");
        }
    }

    private static IEnumerable<JsonObject> Items(JsonArray? array, string where, string what) =>
        (array ?? []).Select(item => item as JsonObject ?? throw new TemplateException($"{where}: each item of {what} must be a mapping."));

    private static List<KeySchemaElement> KeySchema(JsonArray? keys, string where) =>
        [.. Items(keys ?? throw new TemplateException($"{where}: KeySchema is required."), where, "KeySchema")
            .Select(k => new KeySchemaElement(Text(k, "AttributeName", where), new KeyType(Text(k, "KeyType", where))))];

    private static Projection Projection(JsonNode? node, string where)
    {
        var projection = node as JsonObject ?? throw new TemplateException($"{where}: each index needs a Projection.");
        var nonKey = projection["NonKeyAttributes"] as JsonArray;
        return new Projection
        {
            ProjectionType = new ProjectionType(Text(projection, "ProjectionType", where)),
            NonKeyAttributes = nonKey is null ? null : [.. nonKey.Select(a => JsonScalar.GetText(a, where, "NonKeyAttributes"))],
        };
    }

    private static ProvisionedThroughput? Throughput(JsonNode? node, string where) => node is JsonObject throughput
        ? new ProvisionedThroughput(
            JsonScalar.GetInt(throughput["ReadCapacityUnits"], where, "ReadCapacityUnits"),
            JsonScalar.GetInt(throughput["WriteCapacityUnits"], where, "WriteCapacityUnits"))
        : null;

    private static string Text(JsonObject obj, string name, string where) => JsonScalar.GetText(obj[name], where, name);
}
