using System.Text.Json;
using Ingestion.Messaging;
using Ingestion.Workers.Configuration;
using Ingestion.Workers.Entities;
using Ingestion.Workers.Handling;
using Ingestion.Workers.Noise;
using Options = Microsoft.Extensions.Options.Options;

namespace Ingestion.Tests.Workers;

/// <summary>
/// What one reading costs the statistics processor in DynamoDB units, measured on dynalite (which
/// charges by item size as DynamoDB does): it must not grow with the readings already in the minute.
/// </summary>
public sealed class StatisticsCostTests(DynaliteFixture dynalite, ITestOutputHelper output) : IClassFixture<DynaliteFixture>
{
    /// <summary>Per reading, whatever the window holds: a handful of small writes, and reads only when the minute's noisiness changes.</summary>
    private const double MaxUnitsPerReading = 12;

    [Fact]
    public async Task AReadingCostsTheSameUnitsInABusyMinuteAsInAQuietOne()
    {
        var meter = new CapacityMeter();
        using var client = meter.Client(new Uri(dynalite.Client.Config.ServiceURL));
        var dataStore = Options.Create(new DataStoreOptions { DataStoreTableName = DynaliteFixture.TableName });
        var episodes = new EpisodeStore(client, dataStore, Options.Create(new NoisyEpisodeOptions()));
        var handler = new StatisticsHandler(client, dataStore, episodes, Options.Create(new NoisyEpisodeOptions()));
        var location = $"Busy{Guid.NewGuid():N}"[..12];
        var minute = new DateTimeOffset(2026, 11, 24, 11, 40, 0, TimeSpan.Zero);

        var costs = new List<(int Reading, double Read, double Write)>();
        for (var index = 1; index <= 1000; index++)
        {
            var before = meter.Units;
            var reading = new Reading(location, $"s{index % 50}", minute.AddMilliseconds(index * 59), 70 + (index % 25));
            var message = new IngestionEvent($"r-{index}", "noise", "READING", reading.Timestamp, JsonSerializer.SerializeToElement(reading), Sequence: index);
            await handler.HandleAsync(new EntityMessage<Reading>(message, reading), TestContext.Current.CancellationToken);
            var after = meter.Units;
            costs.Add((index, after.Read - before.Read, after.Write - before.Write));
        }

        foreach (var sample in new[] { 1, 10, 100, 500, 1000 })
        {
            var (_, read, write) = costs[sample - 1];
            output.WriteLine($"reading {sample,4}: {read,6:0.0} RCU {write,6:0.0} WCU");
        }

        var worst = costs.MaxBy(cost => cost.Read + cost.Write);
        Assert.True(worst.Read + worst.Write <= MaxUnitsPerReading,
            $"reading {worst.Reading} cost {worst.Read} RCU + {worst.Write} WCU; at most {MaxUnitsPerReading} units per reading, however busy the minute");
    }
}
