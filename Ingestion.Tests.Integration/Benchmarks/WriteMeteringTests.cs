using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Ingestion.Messaging.Aws;
using Ingestion.Messaging.Aws.OperationLog;
using Ingestion.Tests.Workers;

namespace Ingestion.Tests.Benchmarks;

/// <summary>
/// The operation log's write metering against a real dynalite: each write's units (1 per started
/// KB of the larger of the item before and after) on the item's key and on its index key.
/// </summary>
public sealed class WriteMeteringTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnUpdateIsChargedByTheLargerOfTheItemBeforeAndAfterOnItsKeyAndItsIndexKey()
    {
        var (client, log, path) = MeteredClient();
        using (client)
        {
            var id = "STATS#HydePark#" + Guid.NewGuid().ToString("N");
            await client.PutItemAsync(new PutItemRequest { TableName = DynaliteFixture.TableName, Item = Item(id, padding: 100) }, Cancellation);
            // Grows to about 2.5 KB: 3 units; then shrinks back: still 3, the size before.
            await UpdateAsync(client, id, new string('x', 2_500));
            await UpdateAsync(client, id, "small");
            await Assert.ThrowsAsync<ConditionalCheckFailedException>(() => client.PutItemAsync(new PutItemRequest
            {
                TableName = DynaliteFixture.TableName,
                Item = Item(id, padding: 10),
                ConditionExpression = "attribute_not_exists(ID)",
            }, Cancellation));
        }

        var writes = AwsOperationLog.Read(path).Where(operation => operation.Writes is not null).ToList();

        Assert.Equal(["PutItem", "UpdateItem", "UpdateItem", "PutItem"], writes.Select(operation => operation.Operation));
        Assert.All(writes, operation => Assert.NotNull(operation.At));
        Assert.Equal([1.0, 3.0, 3.0, 1.0], writes.Select(operation => Assert.Single(operation.Writes!, write => write.Index is null).Units));
        // The index key is read from the item after the update, which the update itself did not name.
        Assert.Equal(["NOISE_STATS", "NOISE_STATS", "NOISE_STATS"], writes.Take(3).Select(operation => Assert.Single(operation.Writes!, write => write.Index == "EntityNameIndex").Key));
        Assert.DoesNotContain(writes[3].Writes!, write => write.Index is not null);
    }

    [Fact]
    public async Task WithoutMeteringTheLogRecordsNoWrites()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ops-{Guid.NewGuid():N}", "plain.jsonl");
        var log = AwsOperationLog.For(path, "plain");
        using var client = new AmazonDynamoDBClient(new BasicAWSCredentials("test", "test"), Config(log));

        await client.PutItemAsync(new PutItemRequest { TableName = DynaliteFixture.TableName, Item = Item("PLAIN#" + Guid.NewGuid().ToString("N"), 10) }, Cancellation);

        Assert.Null(Assert.Single(AwsOperationLog.Read(path)).Writes);
    }

    [Fact]
    public async Task WithASwitchWritesAreMeteredOnlyWhileItsFileExists()
    {
        var (client, log, path) = MeteredClient();
        var meterSwitch = Path.Combine(Path.GetDirectoryName(path)!, "meter-writes");
        log.WriteMeterSwitch = meterSwitch;
        using (client)
        {
            await client.PutItemAsync(new PutItemRequest { TableName = DynaliteFixture.TableName, Item = Item("SWITCH#" + Guid.NewGuid().ToString("N"), 10) }, Cancellation);
            await File.WriteAllTextAsync(meterSwitch, "on", Cancellation);
            await Task.Delay(AwsOperationLog.SwitchCheckInterval * 2, Cancellation);
            await client.PutItemAsync(new PutItemRequest { TableName = DynaliteFixture.TableName, Item = Item("SWITCH#" + Guid.NewGuid().ToString("N"), 10) }, Cancellation);
            File.Delete(meterSwitch);
            await Task.Delay(AwsOperationLog.SwitchCheckInterval * 2, Cancellation);
            await client.PutItemAsync(new PutItemRequest { TableName = DynaliteFixture.TableName, Item = Item("SWITCH#" + Guid.NewGuid().ToString("N"), 10) }, Cancellation);
        }

        Assert.Equal([false, true, false], AwsOperationLog.Read(path).Select(operation => operation.Writes is not null));
    }

    private (AmazonDynamoDBClient Client, AwsOperationLog Log, string Path) MeteredClient()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ops-{Guid.NewGuid():N}", "metered.jsonl");
        var log = AwsOperationLog.For(path, "metered");
        log.WriteMeter = DynamoDbWriteMeter.Parse("EntityNameIndex=ENTITY_NAME");
        return (new AmazonDynamoDBClient(new BasicAWSCredentials("test", "test"), Config(log)), log, path);
    }

    private AmazonDynamoDBConfig Config(AwsOperationLog log) => new()
    {
        ServiceURL = dynalite.Client.Config.ServiceURL,
        AuthenticationRegion = "us-east-1",
        MaxErrorRetry = 0,
        HttpClientFactory = new AwsHttpClientFactory([() => new AwsOperationRecordingHandler(log)]),
    };

    private static Task UpdateAsync(AmazonDynamoDBClient client, string id, string note) => client.UpdateItemAsync(new UpdateItemRequest
    {
        TableName = DynaliteFixture.TableName,
        Key = new Dictionary<string, AttributeValue> { ["ID"] = new() { S = id } },
        UpdateExpression = "SET note = :note",
        ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [":note"] = new() { S = note } },
    }, Cancellation);

    private static Dictionary<string, AttributeValue> Item(string id, int padding) => new()
    {
        ["ID"] = new() { S = id },
        ["ENTITY_NAME"] = new() { S = "NOISE_STATS" },
        ["note"] = new() { S = new string('x', padding) },
    };
}
