using Amazon.DynamoDBv2;
using Ingestion.Tests.Support;

namespace Ingestion.Tests.Workers;

/// <summary>
/// The run's dynalite (<see cref="EmulatorsOfTheRun"/>) with the `datastore` table the template
/// created there, for one test class: a client of its own, the table shared with the other
/// classes (so each test writes keys of its own, and event ids of its own: an event id is applied
/// once per entity across the table, whatever the item).
/// </summary>
public sealed class DynaliteFixture : IDisposable
{
    public const string TableName = "datastore";

    public DynaliteFixture(EmulatorsOfTheRun emulators)
    {
        var deployed = emulators.Deployment.Outputs.Outputs["DataStoreTableName"];
        if (deployed != TableName)
        {
            throw new InvalidOperationException($"The template deployed the data store as '{deployed}', the tests read '{TableName}'.");
        }

        Client = emulators.CreateDynamoDbClient();
    }

    public AmazonDynamoDBClient Client { get; }

    public void Dispose() => Client.Dispose();
}
