using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using Ingestion.Messaging;
using Ingestion.Workers.Configuration;
using Ingestion.Workers.Persistence;
using Ingestion.Workers.Polling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ingestion.Tests.Workers;

/// <summary>
/// The store worker's whole pipeline for one message (processor, dispatcher, handler, store) against
/// dynalite: what is dead-lettered and why, immutable readings, and what each event costs in write units.
/// </summary>
public sealed class StoreEntityHandlerTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private static readonly DateTimeOffset Received = new(2026, 11, 24, 11, 40, 0, TimeSpan.Zero);

    private static readonly long Stamp = (Received - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond;

    [Fact]
    public async Task AReusedEventIdWithADifferentBodyIsDeadLetteredWithItsReason()
    {
        using var services = WorkerServices.Build(Store(dynalite.Client));
        await ProcessAsync(services, ConditionalWriteTests.Contract("c-dlq", "evt-dlq", "First name"));

        var outcome = await ProcessAsync(services, ConditionalWriteTests.Contract("c-dlq", "evt-dlq", "Second name", stamp: Stamp + 1));

        Assert.Equal(MessageDisposition.Rejected, outcome.Disposition);
        Assert.Contains("event_id evt-dlq was stored before with a different body", outcome.Reason, StringComparison.Ordinal);
        Assert.Equal("First name", (await Get("CONTRACT#c-dlq"))["contract_name"].S);
    }

    [Fact]
    public async Task AReadingSentTwiceIsStoredOnceWhateverEventIdsItCameWith()
    {
        using var services = WorkerServices.Build(Store(dynalite.Client));
        var first = Reading("01", db: 88, eventId: "r-twice-a");

        Assert.Equal(MessageDisposition.Succeeded, (await ProcessAsync(services, first)).Disposition);
        var stored = await Get("READING#HydePark#01#2026-11-24T11:39:00Z");
        // Sent again later with another event_id (as producers that send none used to get): the same reading.
        Assert.Equal(MessageDisposition.Succeeded, (await ProcessAsync(services, first with { EventId = "r-twice-b", Sequence = Stamp + 10 })).Disposition);

        var after = await Get("READING#HydePark#01#2026-11-24T11:39:00Z");
        Assert.Equal((stored["STORED_AT"].S, "r-twice-a"), (after["STORED_AT"].S, after["EVENT_ID"].S));
    }

    [Fact]
    public async Task TheSameReadingWithItsTimestampWrittenInAnotherOffsetIsADuplicateNotAConflict()
    {
        using var services = WorkerServices.Build(Store(dynalite.Client));
        await ProcessAsync(services, Reading("03", db: 70, eventId: "r-utc"));
        var elsewhere = Reading("03", db: 70, eventId: "r-utc") with
        {
            Body = JsonSerializer.SerializeToElement(new { location = "HydePark", sensor = "03", timestamp = "2026-11-24T12:39:00+01:00", db = 70.0 }),
        };

        Assert.Equal(MessageDisposition.Succeeded, (await ProcessAsync(services, elsewhere)).Disposition);
        Assert.Equal("2026-11-24T11:39:00Z", (await Get("READING#HydePark#03#2026-11-24T11:39:00Z"))["timestamp"].S);
    }

    [Fact]
    public async Task AReadingWithAnotherValueForTheSameSensorAndInstantIsDeadLetteredWithItsReason()
    {
        using var services = WorkerServices.Build(Store(dynalite.Client));
        await ProcessAsync(services, Reading("02", db: 70, eventId: "r-first"));

        var outcome = await ProcessAsync(services, Reading("02", db: 95, eventId: "r-second"));

        Assert.Equal(MessageDisposition.Rejected, outcome.Disposition);
        Assert.Contains("is stored already with a different body", outcome.Reason, StringComparison.Ordinal);
        Assert.Equal("70", (await Get("READING#HydePark#02#2026-11-24T11:39:00Z"))["db"].N);
    }

    [Fact]
    public async Task AReplayedCopyIsOrderedByItsOriginalStampAsItsAttributeSays()
    {
        using var services = WorkerServices.Build(Store(dynalite.Client));
        var old = ConditionalWriteTests.Contract("c-attr", "evt-old", "Old name", stamp: Stamp);
        await ProcessAsync(services, old);
        await ProcessAsync(services, ConditionalWriteTests.Contract("c-attr", "evt-new", "New name", stamp: Stamp + 1));
        // Past the applied record's life: only the attribute can tell the worker this copy is not a first delivery.
        await dynalite.Client.DeleteItemAsync(DynaliteFixture.TableName, new() { ["ID"] = new() { S = Ingestion.Messaging.Entities.ItemKeys.AppliedEvent("CONTRACT", "evt-old") } }, TestContext.Current.CancellationToken);

        var outcome = await ProcessAsync(services, old, new Dictionary<string, string> { [MessageAttributeNames.Resent] = "replay" });

        Assert.Equal(MessageDisposition.Succeeded, outcome.Disposition);
        Assert.Equal("New name", (await Get("CONTRACT#c-attr"))["contract_name"].S);
    }

    [Fact]
    public async Task AnUpdateCostsAtMostTwoWriteUnitsAndAReadingOne()
    {
        var meter = new CapacityMeter();
        using var client = meter.Client(new Uri(dynalite.Client.Config.ServiceURL));
        using var services = WorkerServices.Build(Store(client));

        const int Contracts = 10, UpdatesEach = 5, Readings = 20;
        for (var update = 0; update < UpdatesEach; update++)
        {
            for (var contract = 0; contract < Contracts; contract++)
            {
                await ProcessAsync(services, ConditionalWriteTests.Contract($"c-cost-{contract}", $"e-cost-{contract}-{update}", "Bridge", status: update % 2 == 0 ? "DRAFT" : "ACTIVE", stamp: Stamp + update));
            }
        }

        var afterUpdates = meter.Units;
        for (var reading = 0; reading < Readings; reading++)
        {
            await ProcessAsync(services, Reading($"cost-{reading}", db: 60, eventId: $"r-cost-{reading}"));
        }

        var afterReadings = meter.Units;
        var perUpdate = afterUpdates.Write / (Contracts * UpdatesEach);
        var perReading = (afterReadings.Write - afterUpdates.Write) / Readings;
        Assert.True(perUpdate <= 2, $"{perUpdate} write units per update");
        Assert.True(perReading <= 1, $"{perReading} write units per reading");
        // Reads are what buys the two writes: two strongly consistent reads of small items per update.
        Assert.True(afterUpdates.Read / (Contracts * UpdatesEach) <= 2, $"{afterUpdates.Read / (Contracts * UpdatesEach)} read units per update");
        TestContext.Current.TestOutputHelper?.WriteLine($"per update: {perUpdate} WU, {afterUpdates.Read / (Contracts * UpdatesEach)} RU; per reading: {perReading} WU");
    }

    private static IngestionEvent Reading(string sensor, double db, string eventId) => new(
        eventId, "noise", "READING", Received,
        JsonSerializer.SerializeToElement(new { location = "HydePark", sensor, timestamp = "2026-11-24T11:39:00Z", db }), Sequence: Stamp);

    private static async Task<MessageOutcome> ProcessAsync(ServiceProvider services, IngestionEvent message, IReadOnlyDictionary<string, string>? attributes = null)
    {
        var inbound = Ingestion.Workers.Messages.InboundMessage.From(TestMessages.Raw($"m-{Guid.NewGuid():N}", "group", TestMessages.Json(message), attributes: attributes));
        return await services.GetRequiredService<IMessageProcessor>().ProcessAsync(inbound, default, CancellationToken.None);
    }

    private static DynamoDbItemStore Store(Amazon.DynamoDBv2.IAmazonDynamoDB client) => new(
        client,
        Options.Create(new DataStoreOptions { DataStoreTableName = DynaliteFixture.TableName }),
        TimeProvider.System,
        NullLogger<DynamoDbItemStore>.Instance);

    private async Task<Dictionary<string, AttributeValue>> Get(string itemId) =>
        (await dynalite.Client.GetItemAsync(new GetItemRequest
        {
            TableName = DynaliteFixture.TableName,
            Key = new() { ["ID"] = new AttributeValue { S = itemId } },
            ConsistentRead = true,
        })).Item;
}
