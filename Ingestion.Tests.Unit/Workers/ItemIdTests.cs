using System.Text.Json;
using Ingestion.Workers.Entities;
using Ingestion.Workers.Handling;

namespace Ingestion.Tests.Workers;

public sealed class ItemIdTests
{
    [Fact]
    public void SupplyChainEntitiesUseThePinnedIds()
    {
        Assert.Equal("CONTRACT#c-1", Read<Contract>(TestMessages.Contract("c-1")).ItemId);
        Assert.Equal("MILESTONE#m-1", Read<Milestone>("""{"milestone_id":"m-1","contract_id":"c-1","description":"d","start_date":"2026-01-01","end_date":"2026-02-01"}""").ItemId);
        Assert.Equal("EQUIPMENT#e-1", Read<Equipment>("""{"equipment_id":"e-1","contract_id":"c-1"}""").ItemId);
    }

    [Theory]
    [InlineData("2026-11-24T11:40:00Z", "2026-11-24T11:40:00Z")]
    [InlineData("2026-11-24T12:40:00+01:00", "2026-11-24T11:40:00Z")]
    [InlineData("2026-11-24T06:40:00.000-05:00", "2026-11-24T11:40:00Z")]
    [InlineData("2026-11-24T11:40:00.500Z", "2026-11-24T11:40:00.5Z")]
    [InlineData("2026-11-24T11:40:00.1234567Z", "2026-11-24T11:40:00.1234567Z")]
    [InlineData("2026-11-24T11:40:00", "2026-11-24T11:40:00Z")]
    public void AReadingIdHasItsTimestampInUtcWithFractionsOnlyWhenNotZero(string timestamp, string normalized)
    {
        var reading = Read<Reading>($$"""{"location":"HydePark","sensor":"01","timestamp":"{{timestamp}}","db":85}""");

        Assert.Equal($"READING#HydePark#01#{normalized}", reading.ItemId);
    }

    [Theory]
    [InlineData("""{"location":"HydePark","sensor":"01","timestamp":"yesterday","db":85}""")]
    [InlineData("""{"location":"HydePark","sensor":"01","db":85}""")]
    [InlineData("""{"location":"HydePark","sensor":"01","timestamp":"2026-11-24T11:40:00Z","db":"loud"}""")]
    public void AReadingWithoutAUsableTimestampOrLevelIsRejected(string json)
    {
        Assert.ThrowsAny<JsonException>(() => Read<Reading>(json));
    }

    [Fact]
    public void AContractWithoutItsIdIsRejected()
    {
        Assert.ThrowsAny<JsonException>(() => Read<Contract>("""{"contract_name":"n","contract_type":"FIXED_PRICE","contract_status":"ACTIVE"}"""));
        Assert.ThrowsAny<JsonException>(() => Read<Contract>("""{"contract_id":null,"contract_name":"n","contract_type":"FIXED_PRICE","contract_status":"ACTIVE"}"""));
    }

    private static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, WorkerJson.Options)!;
}
