using System.Globalization;
using System.Text.Json.Nodes;
using Amazon.SQS.Model;
using Ingestion.Tests.Support;
using static Ingestion.Tests.EndToEnd.TopologyClient;
using static Ingestion.Tests.Support.EventBodies;

namespace Ingestion.Tests.EndToEnd;

/// <summary>
/// The noise sensors: one queue per neighbourhood by the `location` filter, and loud readings
/// also to the alert queue by the numeric `db` filter, checked against the emulator's routing.
/// </summary>
[Collection(TopologyCollection.Name)]
public sealed class NoiseScenarioTests(TopologyFixture topology)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public static JsonObject Reading(string location, string sensor, DateTimeOffset timestamp, double db) => new()
    {
        ["entity_name"] = "READING",
        ["body"] = new JsonObject
        {
            ["location"] = location,
            ["sensor"] = sensor,
            ["timestamp"] = timestamp.ToString("O", CultureInfo.InvariantCulture),
            ["db"] = db,
        },
    };

    [Fact]
    public async Task AReadingIsStoredUnderItsPinnedIdByItsNeighbourhoodsWorker()
    {
        var sensor = UniqueId("s");
        var timestamp = new DateTimeOffset(2026, 11, 24, 12, 40, 0, TimeSpan.FromHours(1));

        await topology.PostAcceptedAsync("noise", Reading("Kenwood", sensor, timestamp, 61.5));

        var item = await topology.WaitForItemAsync($"READING#Kenwood#{sensor}#2026-11-24T11:40:00Z");
        Assert.Equal("READING", item["ENTITY_NAME"].S);
        Assert.Equal("61.5", item["db"].N);
    }

    [Fact]
    public async Task ReadingsReachOnlyTheirNeighbourhoodAndOnlyLoudOnesReachTheAlertQueue()
    {
        var quietSensor = UniqueId("s");
        var loudSensor = UniqueId("s");
        var now = DateTimeOffset.UtcNow.AddSeconds(-5);
        await topology.StopAsync("worker-noise-Woodlawn");
        await topology.StopAsync("worker-noise-alerts");
        try
        {
            // 84.9 dB in Woodlawn, 85 dB (the default threshold) in HydePark.
            await topology.PostAcceptedAsync("noise", new JsonArray(
                Reading("Woodlawn", quietSensor, now, 84.9),
                Reading("HydePark", loudSensor, now, 85)));

            var woodlawn = await ReceiveUntilAsync("NoiseWoodlawnQueueUrl", quietSensor);
            var alerts = await ReceiveUntilAsync("NoiseAlertsQueueUrl", loudSensor);

            Assert.Contains(woodlawn, m => m.Body.Contains(quietSensor, StringComparison.Ordinal));
            Assert.DoesNotContain(woodlawn, m => m.Body.Contains(loudSensor, StringComparison.Ordinal));
            Assert.Contains(alerts, m => m.Body.Contains(loudSensor, StringComparison.Ordinal));
            Assert.DoesNotContain(alerts, m => m.Body.Contains(quietSensor, StringComparison.Ordinal));
        }
        finally
        {
            await topology.StartAsync("worker-noise-Woodlawn");
            await topology.StartAsync("worker-noise-alerts");
        }

        // The alert worker stores the loud reading as an ALERT item; the reading itself is stored by HydePark's worker.
        var alertId = $"ALERT#HydePark#{loudSensor}#{Iso(now)}";
        var alert = await topology.WaitForItemAsync(alertId);
        Assert.Equal("ALERT", alert["ENTITY_NAME"].S);
        await topology.WaitForItemAsync($"READING#HydePark#{loudSensor}#{Iso(now)}");
        await topology.WaitForItemAsync($"READING#Woodlawn#{quietSensor}#{Iso(now)}");
        Assert.Null(await topology.GetItemAsync($"ALERT#Woodlawn#{quietSensor}#{Iso(now)}"));
    }

    [Fact]
    public async Task EveryReadingFansOutToStatisticsAndAStoppedProcessorDelaysNothingElse()
    {
        var sensor = UniqueId("s");
        var minute = NoiseWindowStart(DateTimeOffset.UtcNow.AddMinutes(-10));
        await topology.StopAsync("worker-noise-statistics");
        try
        {
            await topology.PostAcceptedAsync("noise", new JsonArray(
                Reading("Woodlawn", sensor, minute.AddSeconds(1), 60),
                Reading("Woodlawn", sensor, minute.AddSeconds(2), 70),
                Reading("Woodlawn", sensor, minute.AddSeconds(3), 95)));

            // With the statistics processor down, storage and alerts go on regardless.
            foreach (var second in new[] { 1, 2, 3 })
            {
                await topology.WaitForItemAsync($"READING#Woodlawn#{sensor}#{Iso(minute.AddSeconds(second))}");
            }

            await topology.WaitForItemAsync($"ALERT#Woodlawn#{sensor}#{Iso(minute.AddSeconds(3))}");
            Assert.Null(await topology.GetItemAsync(StatsId(minute)));
        }
        finally
        {
            await topology.StartAsync("worker-noise-statistics");
        }

        // Back up, it catches up from its own queue: the window holds all three readings (each write of
        // it carries the count and the statistics together).
        var stats = await topology.WaitForItemAsync(StatsId(minute), item => item.TryGetValue("COUNT", out var count) && count.N == "3");
        Assert.Equal(("95", "75", "95"), (stats["MAX_DB"].N, stats["MEAN_DB"].N, stats["P95_DB"].N));
    }

    private static DateTimeOffset NoiseWindowStart(DateTimeOffset instant) =>
        new(instant.UtcDateTime.Year, instant.UtcDateTime.Month, instant.UtcDateTime.Day, instant.UtcDateTime.Hour, instant.UtcDateTime.Minute, 0, TimeSpan.Zero);

    private static string StatsId(DateTimeOffset minute) => $"STATS#Woodlawn#{Iso(minute)}";

    /// <summary>The pinned item-ID form: UTC, fractional seconds only when not zero.</summary>
    private static string Iso(DateTimeOffset instant)
    {
        var utc = instant.UtcDateTime;
        return utc.ToString(utc.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-ddTHH:mm:ssZ" : "yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Receives until a message mentioning <paramref name="marker"/> arrives, leaving what it got
    /// visible. An empty receive counts for nothing; each message returned counts towards
    /// maxReceiveCount, so this stops at the first answer that has the marker. (A stopped
    /// worker's aborted long poll may hold the message until its visibility runs out, and the
    /// emulator only notices that on a receive, so its queue counts cannot be waited on.)
    /// </summary>
    private Task<List<Message>> ReceiveUntilAsync(string queueOutput, string marker) =>
        Eventually.GetAsync(async () =>
        {
            var reply = await topology.Sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = topology.Outputs[queueOutput],
                MaxNumberOfMessages = 10,
                VisibilityTimeout = 0,
                WaitTimeSeconds = 1,
            }, Cancellation);
            var messages = reply.Messages ?? [];
            return messages.Any(m => m.Body.Contains(marker, StringComparison.Ordinal)) ? messages : null;
        }, StoreTimeout, $"a message about {marker} in {queueOutput}", Cancellation);
}
