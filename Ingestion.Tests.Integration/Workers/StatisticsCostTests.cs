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
    /// <summary>Per reading, whatever the window holds: a handful of units, reads included (the most when a minute turns noisy and its neighbours are read).</summary>
    private const double MaxUnitsPerReading = 12;

    /// <summary>Issue 15's target: a reading's statistics cost at most 2 write units on average.</summary>
    private const double MaxAverageWriteUnits = 2;

    [Theory]
    [InlineData(1, 1)]
    [InlineData(10, 1)]
    [InlineData(30, 3)]
    public async Task AReadingCostsAtMostTwoWriteUnitsOnAverageAndTheSameInABusyMinuteAsInAQuietOne(int concurrently, int workers)
    {
        var meter = new CapacityMeter();
        using var client = meter.Client(new Uri(dynalite.Client.Config.ServiceURL));
        var dataStore = Options.Create(new DataStoreOptions { DataStoreTableName = DynaliteFixture.TableName });
        var episodes = new EpisodeStore(client, dataStore, Options.Create(new NoisyEpisodeOptions()));
        // Several workers (replicas) write the same windows: their writes can collide.
        var handlers = Enumerable.Range(0, workers)
            .Select(_ => new StatisticsHandler(new StatisticsWindows(client, dataStore, episodes, Options.Create(new NoisyEpisodeOptions()))))
            .ToList();
        var location = $"Busy{Guid.NewGuid():N}"[..12];
        var minute = new DateTimeOffset(2026, 11, 24, 11, 40, 0, TimeSpan.Zero);

        // As the poller hands them over: a received batch of messages of different sensors at once.
        var costs = new List<(int Reading, double Read, double Write)>();
        for (var first = 1; first <= 1000; first += concurrently)
        {
            var before = meter.Units;
            await Task.WhenAll(Enumerable.Range(first, concurrently).Select(index =>
            {
                var reading = new Reading(location, $"s{index % 50}", minute.AddMilliseconds(index * 59), 70 + (index % 25) + (index % 7 / 10.0));
                var message = new IngestionEvent($"r-{index}", "noise", "READING", reading.Timestamp, JsonSerializer.SerializeToElement(reading), Sequence: index);
                return handlers[index % workers].HandleAsync(new EntityMessage<Reading>(message, reading), TestContext.Current.CancellationToken);
            }));
            var after = meter.Units;
            costs.Add((first, (after.Read - before.Read) / concurrently, (after.Write - before.Write) / concurrently));
        }

        var average = costs.Average(cost => cost.Write);
        output.WriteLine($"{concurrently} at a time over {workers} worker(s): {average:0.000} WCU and {costs.Average(cost => cost.Read):0.000} RCU per reading on average");
        foreach (var sample in costs.Where((_, index) => index is 0 or 9 or 49 || index == costs.Count - 1))
        {
            output.WriteLine($"reading {sample.Reading,4}: {sample.Read,6:0.00} RCU {sample.Write,6:0.00} WCU");
        }

        Assert.True(average <= MaxAverageWriteUnits, $"{average} write units per reading on average; at most {MaxAverageWriteUnits}");
        var worst = costs.MaxBy(cost => cost.Read + cost.Write);
        Assert.True(worst.Read + worst.Write <= MaxUnitsPerReading,
            $"reading {worst.Reading} cost {worst.Read} RCU + {worst.Write} WCU; at most {MaxUnitsPerReading} units per reading, however busy the minute");
    }
}
