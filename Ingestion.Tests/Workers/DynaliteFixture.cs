using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Ingestion.Tests.Support;

namespace Ingestion.Tests.Workers;

/// <summary>A real dynalite on a free loopback port with the template's `datastore` table, for one test class.</summary>
public sealed class DynaliteFixture : IAsyncLifetime
{
    public const string TableName = "datastore";

    private NodeEmulator? _dynalite;

    public AmazonDynamoDBClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        _dynalite = await NodeEmulator.StartDynaliteAsync(TestContext.Current.CancellationToken);
        Client = new AmazonDynamoDBClient(
            new BasicAWSCredentials("test", "test"),
            new AmazonDynamoDBConfig { ServiceURL = _dynalite.Endpoint.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });
        await Client.CreateTableAsync(new CreateTableRequest
        {
            TableName = TableName,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new("ID", ScalarAttributeType.S), new("EPISODE_LOCATION", ScalarAttributeType.S), new("EPISODE_START", ScalarAttributeType.S)],
            KeySchema = [new("ID", KeyType.HASH)],
            GlobalSecondaryIndexes =
            [
                new GlobalSecondaryIndex
                {
                    IndexName = "EpisodesByLocation",
                    KeySchema = [new("EPISODE_LOCATION", KeyType.HASH), new("EPISODE_START", KeyType.RANGE)],
                    Projection = new Projection { ProjectionType = ProjectionType.ALL },
                },
            ],
        });
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (_dynalite is not null)
        {
            await _dynalite.DisposeAsync();
        }
    }
}
