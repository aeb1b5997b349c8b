using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using Ingestion.Messaging;
using Ingestion.Workers.Configuration;
using Ingestion.Workers.Entities;
using Ingestion.Workers.Handling;
using Ingestion.Workers.Noise;
using Microsoft.Extensions.Options;

namespace Ingestion.Tests.Workers;

/// <summary>The statistics processor against a real dynalite: windows by minute, idempotent under redelivery.</summary>
public sealed class StatisticsHandlerTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private static readonly DateTimeOffset Minute = new(2026, 11, 24, 11, 40, 0, TimeSpan.Zero);

    private readonly StatisticsHandler _handler = new(dynalite.Client, Options.Create(new DataStoreOptions { DataStoreTableName = DynaliteFixture.TableName }));

    [Fact]
    public async Task AWindowCountsEachReadingOnceAndKeepsItsStatistics()
    {
        var location = $"Loc{Guid.NewGuid():N}"[..12];
        double[] decibels = [60, 70, 80, 90];
        for (var index = 0; index < decibels.Length; index++)
        {
            await HandleAsync($"e-{index}", location, Minute.AddSeconds(index * 10), decibels[index]);
        }

        // A redelivery of the loudest reading changes nothing.
        await HandleAsync("e-3", location, Minute.AddSeconds(30), 90);

        var item = await GetAsync(NoiseWindow.ItemId(location, Minute));
        Assert.Equal(("4", "90", "75", "90"), (item["COUNT"].N, item["MAX_DB"].N, item["MEAN_DB"].N, item["P95_DB"].N));
        Assert.Equal("NOISE_STATS", item["ENTITY_NAME"].S);
        Assert.Equal(location, item["LOCATION"].S);
    }

    [Fact]
    public async Task ReadingsOfTheNextMinuteGoToTheNextWindow()
    {
        var location = $"Loc{Guid.NewGuid():N}"[..12];

        await HandleAsync("a", location, Minute.AddSeconds(59), 65);
        await HandleAsync("b", location, Minute.AddSeconds(60), 75);

        Assert.Equal("1", (await GetAsync(NoiseWindow.ItemId(location, Minute)))["COUNT"].N);
        Assert.Equal("75", (await GetAsync(NoiseWindow.ItemId(location, Minute.AddMinutes(1))))["MAX_DB"].N);
    }

    private async Task HandleAsync(string eventId, string location, DateTimeOffset timestamp, double db)
    {
        var reading = new Reading(location, "s1", timestamp, db);
        var message = new IngestionEvent(eventId, "noise", "READING", timestamp, JsonSerializer.SerializeToElement(reading));
        Assert.Equal(MessageHandlerResult.Success, await _handler.HandleAsync(new EntityMessage<Reading>(message, reading), TestContext.Current.CancellationToken));
    }

    private async Task<Dictionary<string, AttributeValue>> GetAsync(string id) =>
        (await dynalite.Client.GetItemAsync(new GetItemRequest
        {
            TableName = DynaliteFixture.TableName,
            Key = new() { ["ID"] = new AttributeValue { S = id } },
            ConsistentRead = true,
        }, TestContext.Current.CancellationToken)).Item;
}
