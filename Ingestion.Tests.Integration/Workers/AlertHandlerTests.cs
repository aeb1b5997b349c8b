using System.Diagnostics.Metrics;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using Ingestion.Messaging;
using Ingestion.Workers.Configuration;
using Ingestion.Workers.Entities;
using Ingestion.Workers.Handling;
using Ingestion.Workers.Noise;
using Microsoft.Extensions.Logging.Abstractions;
using Options = Microsoft.Extensions.Options.Options;

namespace Ingestion.Tests.Workers;

/// <summary>The alert processor against a real dynalite.</summary>
public sealed class AlertHandlerTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    [Fact]
    public async Task ALoudReadingIsStoredAsAnAlertItemUnderItsOwnEntityName()
    {
        var location = UniqueLocation();
        var reading = new Reading(location, "01", DateTimeOffset.Parse("2026-11-24T11:40:00+01:00"), 91.5);

        var result = await HandleAsync("e-1", reading);

        Assert.Equal(MessageHandlerResult.Success, result);
        var stored = await GetAsync($"ALERT#{location}#01#2026-11-24T10:40:00Z");
        Assert.Equal(("ALERT", "e-1"), (stored["ENTITY_NAME"].S, stored["EVENT_ID"].S));
    }

    [Theory]
    [InlineData(84.9, false)]
    [InlineData(85, true)]
    public async Task TheHandlerChecksTheThresholdItselfWhateverQueueTheReadingCameFrom(double db, bool alert)
    {
        var location = UniqueLocation();
        var reading = new Reading(location, "02", DateTimeOffset.Parse("2026-11-24T11:40:00Z"), db);

        var result = await HandleAsync("e-2", reading);

        Assert.Equal(MessageHandlerResult.Success, result);
        Assert.Equal(alert, (await GetAsync($"ALERT#{location}#02#2026-11-24T11:40:00Z")).Count > 0);
    }

    [Fact]
    public async Task AReadingSentTwiceWithDifferentEventIdsAlertsOnceAndKeepsTheFirstAlert()
    {
        var location = UniqueLocation();
        var alerts = 0L;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, meterListener) =>
        {
            if (instrument.Name == "ingestion.noise.alerts")
            {
                meterListener.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "location" && Equals(tag.Value, location))
                {
                    Interlocked.Add(ref alerts, value);
                }
            }
        });
        listener.Start();

        // The same reading, once with its timestamp in UTC and once with an offset: one identity.
        await HandleAsync("first", new Reading(location, "03", DateTimeOffset.Parse("2026-11-24T11:40:00.5Z"), 95));
        await HandleAsync("second", new Reading(location, "03", DateTimeOffset.Parse("2026-11-24T12:40:00.500+01:00"), 95));

        Assert.Equal(1, Interlocked.Read(ref alerts));
        Assert.Equal("first", (await GetAsync($"ALERT#{location}#03#2026-11-24T11:40:00.5Z"))["EVENT_ID"].S);
    }

    [Fact]
    public async Task AnAlertCostsOneWriteUnitAndNoRead()
    {
        var meter = new CapacityMeter();
        using var client = meter.Client(new Uri(dynalite.Client.Config.ServiceURL));
        var location = UniqueLocation();
        const int readings = 10;

        for (var index = 0; index < readings; index++)
        {
            var reading = new Reading(location, $"{index:D2}", DateTimeOffset.Parse("2026-11-24T11:40:00Z").AddSeconds(index), 90);
            Assert.Equal(MessageHandlerResult.Success, await HandleAsync($"cost-{index}", reading, client));
        }

        // An alert is immutable (once per reading): one conditional put, no read and no applied record.
        Assert.Equal((0, readings), meter.Units);
    }

    private static string UniqueLocation() => $"Loc{Guid.NewGuid():N}"[..12];

    private async Task<MessageHandlerResult> HandleAsync(string eventId, Reading reading, Amazon.DynamoDBv2.IAmazonDynamoDB? client = null)
    {
        var dataStore = Options.Create(new DataStoreOptions { DataStoreTableName = DynaliteFixture.TableName });
        var handler = new AlertHandler(
            new AlertStore(client ?? dynalite.Client, dataStore, TimeProvider.System),
            Options.Create(new AlertOptions { AlertThresholdDecibels = 85 }),
            NullLogger<AlertHandler>.Instance);
        // Each copy gets a later order key, as the API stamps a resend.
        var message = new IngestionEvent(eventId, "noise", "READING", DateTimeOffset.UtcNow, JsonSerializer.SerializeToElement(reading), Sequence: Interlocked.Increment(ref _sequence));
        return await handler.HandleAsync(new EntityMessage<Reading>(message, reading), TestContext.Current.CancellationToken);
    }

    private static long _sequence;

    private async Task<Dictionary<string, AttributeValue>> GetAsync(string id) =>
        (await dynalite.Client.GetItemAsync(new GetItemRequest
        {
            TableName = DynaliteFixture.TableName,
            Key = new() { ["ID"] = new AttributeValue { S = id } },
            ConsistentRead = true,
        }, TestContext.Current.CancellationToken)).Item ?? [];
}
