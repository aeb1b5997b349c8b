using Amazon.DynamoDBv2;

namespace Ingestion.Tests.Support;

/// <summary>
/// A data store table no other test class writes: the template deployed once more into the run's
/// emulators (<see cref="EmulatorsOfTheRun"/>) under a NamePrefix of its own. For tests of what
/// is one item per table, such as the API instances' count, which every API sharing the table
/// stamps (the least-privilege check's and the API task's included).
/// </summary>
public sealed class DataStoreOfItsOwn(EmulatorsOfTheRun emulators) : IAsyncLifetime
{
    public string TableName { get; private set; } = null!;

    public AmazonDynamoDBClient Client { get; } = emulators.CreateDynamoDbClient();

    public async ValueTask InitializeAsync()
    {
        var prefix = $"own-{Guid.NewGuid():N}"[..12];
        var deployment = await emulators.DeployTemplateAsync(new Dictionary<string, string> { ["NamePrefix"] = prefix }, TestContext.Current.CancellationToken);
        TableName = deployment.Outputs.Outputs["DataStoreTableName"];
    }

    public ValueTask DisposeAsync()
    {
        Client.Dispose();
        return ValueTask.CompletedTask;
    }
}
