using System.Text.Json;
using Ingestion.Messaging;
using Ingestion.Workers.Entities;
using Ingestion.Workers.Handling;
using Ingestion.Workers.Noise;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ingestion.Tests.Workers;

public sealed class AlertHandlerTests
{
    [Fact]
    public async Task ALoudReadingIsStoredAsAnAlertItemUnderItsOwnEntityName()
    {
        var store = new RecordingItemStore();
        var handler = Handler(store);
        var reading = new Reading("HydePark", "01", DateTimeOffset.Parse("2026-11-24T11:40:00+01:00"), 91.5);
        var message = new IngestionEvent("e-1", "noise", "READING", DateTimeOffset.UtcNow, JsonSerializer.SerializeToElement(reading));

        var result = await handler.HandleAsync(new EntityMessage<Reading>(message, reading), TestContext.Current.CancellationToken);

        Assert.Equal(MessageHandlerResult.Success, result);
        var (itemId, stored) = Assert.Single(store.Writes);
        Assert.Equal("ALERT#HydePark#01#2026-11-24T10:40:00Z", itemId);
        Assert.Equal("ALERT", stored.EntityName);
        Assert.Equal("e-1", stored.EventId);
    }

    [Theory]
    [InlineData(84.9, false)]
    [InlineData(85, true)]
    public async Task TheHandlerChecksTheThresholdItselfWhateverQueueTheReadingCameFrom(double db, bool alert)
    {
        var store = new RecordingItemStore();
        var reading = new Reading("HydePark", "02", DateTimeOffset.Parse("2026-11-24T11:40:00Z"), db);
        var message = new IngestionEvent("e-2", "noise", "READING", DateTimeOffset.UtcNow, JsonSerializer.SerializeToElement(reading));

        var result = await Handler(store).HandleAsync(new EntityMessage<Reading>(message, reading), TestContext.Current.CancellationToken);

        Assert.Equal(MessageHandlerResult.Success, result);
        Assert.Equal(alert, !store.Writes.IsEmpty);
    }

    private static AlertHandler Handler(RecordingItemStore store) =>
        new(store, Microsoft.Extensions.Options.Options.Create(new AlertOptions { AlertThresholdDecibels = 85 }), NullLogger<AlertHandler>.Instance);
}
