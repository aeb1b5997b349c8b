using Ingestion.Benchmarks.HotKeys;
using Ingestion.Messaging.Aws.OperationLog;

namespace Ingestion.Tests.Benchmarks;

/// <summary>The hot-key report computed from a small recorded log whose answer is worked out by hand.</summary>
public sealed class HotKeyReportTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 11, 40, 0, TimeSpan.Zero);

    [Fact]
    public void EachKeysRateIsItsRunRateScaledToTheTargetAndSpreadOverTheCity()
    {
        var log = new List<AwsOperation>();
        // Supply chain: 100 contracts, one every 0.1 s, each 1 unit on its item and on the index's CONTRACT key.
        for (var i = 0; i < 100; i++)
        {
            log.Add(Write("worker-sourceB", i * 0.1, new KeyWrite(null, $"CONTRACT#c-{i}", 1), new KeyWrite("EntityNameIndex", "CONTRACT", 1)));
        }

        // Noise: 60 readings, one every 0.1 s, alternating two locations; each 1 unit on its item and
        // index key, and 2 on its location's statistics.
        for (var i = 0; i < 60; i++)
        {
            var location = i % 2 == 0 ? "HydePark" : "Woodlawn";
            log.Add(Write("worker-noise-" + location, i * 0.1,
                new KeyWrite(null, $"READING#{location}#01#2026-11-24T11:40:{i:D2}Z", 1), new KeyWrite("EntityNameIndex", "READING", 1)));
            log.Add(Write("worker-noise-statistics", i * 0.1, new KeyWrite(null, $"STATS#{location}#2026-11-24T11:40:00Z", 2)));
        }

        var report = HotKeySummary.Compute(log, Workloads());

        // Every reading lands on one index key: at 10,000 readings/s, 10,000 units/s on it.
        Assert.Equal("datastore EntityNameIndex READING", report.Key);
        Assert.Equal(10_000, report.MaxWriteUnitsPerSecond, 0.5);
        Assert.Equal(12_000, report.AtEventsPerSecond);
        Assert.Equal(2_000, Rate(report, "datastore EntityNameIndex CONTRACT"), 0.5);
        // A location's statistics: 10,000 / 77 readings/s at 2 units each (the run's edges shift it by a few percent).
        Assert.InRange(Rate(report, "datastore STATS#HydePark#2026-11-24T11:40:00Z"), 2 * 10_000 / 77.0 * 0.97, 2 * 10_000 / 77.0 * 1.03);
        // An item written once is one write, whatever the load.
        Assert.DoesNotContain(report.Top, key => key.Key.Contains("CONTRACT#c-", StringComparison.Ordinal) && key.WriteUnitsPerSecond > 1);
        Assert.Equal(HotKeySummary.TopCount, report.Top.Count);

        var contract = Assert.Single(report.WriteUnitsPerEvent, entity => entity.Entity == "CONTRACT");
        Assert.Equal((1.0, 1.0, 2.0), (contract.TablePerEvent, contract.IndexesPerEvent, contract.TotalPerEvent));
        var reading = Assert.Single(report.WriteUnitsPerEvent, entity => entity.Entity == "READING");
        Assert.Equal((3.0, 1.0), (reading.TablePerEvent, reading.IndexesPerEvent));
    }

    [Fact]
    public void WritesOfNoWorkloadScaleWithAllEvents()
    {
        // A per-source counter the API bumps once per request of 10 events: 10 requests/s in a run of 100 events/s.
        var log = Enumerable.Range(0, 50).Select(i => Write("api", i * 0.1, new KeyWrite(null, "SEQUENCE#sourceB", 1))).ToList();
        log.AddRange(Enumerable.Range(0, 500).Select(i => Write("worker-sourceB", i * 0.0098, new KeyWrite(null, $"CONTRACT#c-{i}", 1))));
        var workloads = new[] { new HotKeyWorkload("supply", "CONTRACT", 2_000, 500, process => process.StartsWith("worker-source", StringComparison.Ordinal), []) };

        var report = HotKeySummary.Compute(log, workloads);

        // 50 units over 4.9 s, scaled by 2,000 / (500 events over 4.9 s): 200 units/s at 2,000 events/s.
        Assert.Equal("datastore SEQUENCE#sourceB", report.Key);
        Assert.Equal(200, report.MaxWriteUnitsPerSecond, 0.5);
    }

    [Fact]
    public void TheMeteredIndexKeysAreReadFromTheTemplate()
    {
        Assert.Contains("EpisodesByLocation=EPISODE_LOCATION", TemplateIndexKeys.Read(Ingestion.Tests.Provisioning.RepositoryFiles.Root).Split(','));
    }

    private static double Rate(HotKeySummary report, string key) =>
        Assert.Single(report.Top, load => load.Key == key).WriteUnitsPerSecond;

    private static AwsOperation Write(string process, double seconds, params KeyWrite[] writes) =>
        new(process, "dynamodb", "UpdateItem", Table: "datastore", Writes: writes, At: Start.AddSeconds(seconds));

    private static HotKeyWorkload[] Workloads() =>
    [
        new("supply", "CONTRACT", 2_000, 100, process => process.StartsWith("worker-source", StringComparison.Ordinal), []),
        new("noise", "READING", 10_000, 60, process => process.StartsWith("worker-noise", StringComparison.Ordinal),
            [new KeySpread("sensor", ["HydePark#01", "Woodlawn#01"], 10_000), new KeySpread("location", ["HydePark", "Woodlawn"], 77)]),
    ];
}
