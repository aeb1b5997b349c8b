using System.Text.Json.Serialization;
using Ingestion.Messaging.Aws.OperationLog;

namespace Ingestion.Benchmarks.HotKeys;

/// <summary>One table or index partition key and the write units per second it would receive at the target load.</summary>
internal sealed record KeyLoad(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("write_units_per_second")] double WriteUnitsPerSecond,
    [property: JsonPropertyName("run_write_units")] double RunWriteUnits);

/// <summary>What one event of an entity cost in write units in the run: its item's table, its indexes, and in all.</summary>
internal sealed record EntityWriteUnits(
    [property: JsonPropertyName("entity")] string Entity,
    [property: JsonPropertyName("events")] long Events,
    [property: JsonPropertyName("table_per_event")] double TablePerEvent,
    [property: JsonPropertyName("indexes_per_event")] double IndexesPerEvent)
{
    [JsonPropertyName("total_per_event")]
    public double TotalPerEvent => TablePerEvent + IndexesPerEvent;
}

/// <summary>The hot-key report: the busiest partition key at the target load, the top keys, and write units per event.</summary>
internal sealed record HotKeySummary(
    [property: JsonPropertyName("max_write_units_per_second")] double MaxWriteUnitsPerSecond,
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("at_events_per_second")] double AtEventsPerSecond,
    [property: JsonPropertyName("partition_limit_write_units_per_second")] double PartitionLimit,
    [property: JsonPropertyName("top")] IReadOnlyList<KeyLoad> Top,
    [property: JsonPropertyName("write_units_per_event")] IReadOnlyList<EntityWriteUnits> WriteUnitsPerEvent)
{
    /// <summary>DynamoDB's ceiling for one partition, a table's or an index's, on-demand too.</summary>
    public const double PartitionWriteUnitsPerSecond = 1_000;

    public const int TopCount = 10;

    /// <summary>
    /// From the metered writes of a run (<see cref="AwsOperation.Writes"/>): each key's rate while it
    /// was written in the run (its write units over the seconds between its first and last write, at
    /// least one), times the target's events per second over the run's for the load that wrote it,
    /// times the spread of that load's keys (a key naming one of the run's 3 locations gets 3/77 of
    /// the city's readings). A key written once keeps its units: one item, one write, whatever the load.
    /// Writes of processes of no workload (the API) scale with all events.
    /// </summary>
    public static HotKeySummary Compute(IEnumerable<AwsOperation> operations, IReadOnlyList<HotKeyWorkload> workloads)
    {
        var writes = operations
            .Where(operation => operation is { Service: "dynamodb", Writes: not null, At: not null })
            .SelectMany(operation => operation.Writes!.Select(write => (
                Workload: workloads.FirstOrDefault(workload => workload.IsItsProcess(operation.Process)),
                Label: Label(operation.Table, write),
                write.Index,
                write.Units,
                At: operation.At!.Value)))
            .ToList();

        var targetTotal = workloads.Sum(workload => workload.TargetEventsPerSecond);
        var runRates = workloads.ToDictionary(workload => workload.Name, workload => RunRate(workload.RunEvents, writes.Where(write => write.Workload == workload).Select(write => write.At)));
        var allRunRate = RunRate(workloads.Sum(workload => workload.RunEvents), writes.Select(write => write.At));

        var keys = writes
            .GroupBy(write => (write.Label, write.Workload))
            .Select(group =>
            {
                var units = group.Sum(write => write.Units);
                if (group.Count() == 1)
                {
                    return (group.Key.Label, Rate: units, Units: units);
                }

                var seconds = Math.Max(1, (group.Max(write => write.At) - group.Min(write => write.At)).TotalSeconds);
                var workload = group.Key.Workload;
                var scale = workload is null
                    ? targetTotal / allRunRate
                    : workload.TargetEventsPerSecond / runRates[workload.Name] * (workload.Spreads.FirstOrDefault(spread => spread.Names(group.Key.Label))?.Factor ?? 1);
                return (group.Key.Label, Rate: units / seconds * scale, Units: units);
            })
            .GroupBy(key => key.Label)
            .Select(key => new KeyLoad(key.Key, Math.Round(key.Sum(part => part.Rate), 1), key.Sum(part => part.Units)))
            .OrderByDescending(key => key.WriteUnitsPerSecond)
            .ThenBy(key => key.Key, StringComparer.Ordinal)
            .ToList();

        var perEntity = workloads.Where(workload => workload.RunEvents > 0).Select(workload =>
        {
            var own = writes.Where(write => write.Workload == workload).ToList();
            return new EntityWriteUnits(workload.EntityName, workload.RunEvents,
                Math.Round(own.Where(write => write.Index is null).Sum(write => write.Units) / workload.RunEvents, 2),
                Math.Round(own.Where(write => write.Index is not null).Sum(write => write.Units) / workload.RunEvents, 2));
        }).ToList();

        var hottest = keys.FirstOrDefault();
        return new HotKeySummary(hottest?.WriteUnitsPerSecond ?? 0, hottest?.Key ?? "", targetTotal, PartitionWriteUnitsPerSecond, [.. keys.Take(TopCount)], perEntity);
    }

    /// <summary>"datastore CONTRACT#c-1" for the table's key, "datastore EntityNameIndex READING" for an index's.</summary>
    private static string Label(string? table, KeyWrite write) =>
        write.Index is null ? $"{table} {write.Key}" : $"{table} {write.Index} {write.Key}";

    /// <summary>Events per second of the run while its writes went on (at least one second).</summary>
    private static double RunRate(long events, IEnumerable<DateTimeOffset> times)
    {
        var all = times.ToList();
        var seconds = all.Count < 2 ? 1 : Math.Max(1, (all.Max() - all.Min()).TotalSeconds);
        return Math.Max(1, events) / seconds;
    }
}
