using System.Text.Json;
using Ingestion.Api.Sources;
using Ingestion.Api.Sources.Schemas;
using Ingestion.Messaging.Entities;
using Ingestion.Workers.Entities;
using Ingestion.Workers.Handling;
using Microsoft.Extensions.DependencyInjection;
using Options = Microsoft.Extensions.Options.Options;

namespace Ingestion.Tests.Workers;

/// <summary>The API's message groups and the workers' item IDs come from one definition (Ingestion.Messaging.Entities).</summary>
public sealed class OneEntityDefinitionTests
{
    [Fact]
    public void TheProducersEntitiesAreTheWorkersRegistryAndTheApisCatalogue()
    {
        var services = new ServiceCollection()
            .AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build())
            .AddSupplyChainSources()
            .AddNoiseSource();
        using var provider = services.BuildServiceProvider();

        var api = provider.GetServices<IEntitySchema>().Select(schema => schema.EntityName).Order(StringComparer.Ordinal);
        var workers = WorkerEntities.All.Select(entity => entity.EntityName).Order(StringComparer.Ordinal);

        Assert.Equal(EntityNames.FromProducers.Order(StringComparer.Ordinal), workers);
        Assert.Equal(EntityNames.FromProducers.Order(StringComparer.Ordinal), api);
    }

    public static TheoryData<string, string> Bodies => new()
    {
        { EntityNames.Contract, """{"contract_id":"c-9","contract_name":"n","contract_type":"FIXED_PRICE","contract_status":"ACTIVE"}""" },
        { EntityNames.Milestone, """{"milestone_id":"m-9","contract_id":"c-9","description":"d","start_date":"2026-01-01","end_date":"2026-02-01"}""" },
        { EntityNames.Equipment, """{"equipment_id":"e-9","contract_id":"c-9"}""" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public void TheApisGroupIsTheItemTheWorkerStores(string entityName, string body)
    {
        IEntitySchema schema = entityName switch
        {
            EntityNames.Contract => new ContractSchema(),
            EntityNames.Milestone => new MilestoneSchema(),
            _ => new EquipmentSchema(),
        };
        IStoredEntity stored = entityName switch
        {
            EntityNames.Contract => JsonSerializer.Deserialize<Contract>(body, WorkerJson.Options)!,
            EntityNames.Milestone => JsonSerializer.Deserialize<Milestone>(body, WorkerJson.Options)!,
            _ => JsonSerializer.Deserialize<Equipment>(body, WorkerJson.Options)!,
        };

        Assert.Equal(schema.EntityName, entityName);
        Assert.Equal(stored.ItemId, schema.ItemKey(JsonDocument.Parse(body).RootElement));
        Assert.StartsWith(entityName + ItemKeys.Separator, stored.ItemId, StringComparison.Ordinal);
    }

    [Fact]
    public void AReadingIsGroupedBySensorAndStoredByItsInstant()
    {
        var body = """{"location":"HydePark","sensor":"01","timestamp":"2026-11-24T12:40:00.500+01:00","db":85}""";
        var reading = JsonSerializer.Deserialize<Reading>(body, WorkerJson.Options)!;
        var schema = new ReadingSchema(Options.Create(new NoiseSourceOptions { Locations = ["HydePark", "Woodlawn", "Kenwood"] }), TimeProvider.System);

        Assert.Equal(ItemKeys.SensorGroup("HydePark", "01"), schema.ItemKey(JsonDocument.Parse(body).RootElement));
        Assert.Equal("READING#HydePark#01#2026-11-24T11:40:00.5Z", reading.ItemId);
        Assert.Equal("ALERT#HydePark#01#2026-11-24T11:40:00.5Z", Ingestion.Workers.Noise.AlertHandler.AlertId(reading));
    }
}
