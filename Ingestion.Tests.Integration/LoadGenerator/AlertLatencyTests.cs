using Amazon.DynamoDBv2.Model;
using Ingestion.LoadGenerator;
using Ingestion.Tests.Workers;

namespace Ingestion.Tests.LoadGenerator;

/// <summary>POST → alert stored, read back from a real dynalite as the alert worker leaves it.</summary>
public sealed class AlertLatencyTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    [Fact]
    public void TheAlertIdIsThePinnedReadingIdWithAlertInFront()
    {
        var reading = new SimulatedReading("HydePark", "s00001", new DateTimeOffset(2026, 11, 24, 12, 40, 0, 120, TimeSpan.FromHours(1)), 91);

        Assert.Equal("ALERT#HydePark#s00001#2026-11-24T11:40:00.12Z", AlertLatency.AlertId(reading));
    }

    [Fact]
    public async Task LatencyIsStoredAtMinusAcceptedAtAndMissingAlertsAreCounted()
    {
        var accepted = new DateTimeOffset(2026, 11, 24, 11, 40, 0, TimeSpan.Zero);
        var stored = new SimulatedReading("HydePark", $"s{Guid.NewGuid():N}", accepted, 95);
        var never = new SimulatedReading("Woodlawn", $"s{Guid.NewGuid():N}", accepted, 99);
        await dynalite.Client.PutItemAsync(new PutItemRequest
        {
            TableName = DynaliteFixture.TableName,
            Item = new()
            {
                ["ID"] = new() { S = AlertLatency.AlertId(stored) },
                ["ENTITY_NAME"] = new() { S = "ALERT" },
                ["STORED_AT"] = new() { S = accepted.AddMilliseconds(250).ToString("O") },
            },
        }, TestContext.Current.CancellationToken);
        var alerts = new AlertLatency(dynalite.Client, DynaliteFixture.TableName);
        alerts.Accepted(stored, accepted);
        alerts.Accepted(never, accepted);

        var (latency, found, missing) = await alerts.MeasureAsync(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);

        Assert.Equal((1, 1), (found, missing));
        Assert.Equal(250, latency.Percentile(50));
    }
}
