using Ingestion.Benchmarks.Load;
using Ingestion.Messaging.Aws.OperationLog;

namespace Ingestion.Benchmarks.HotKeys;

/// <summary>
/// The run's hot-key phase: supply-chain contracts and noise readings together, with the services'
/// write metering switched on for this phase alone, then the metered DynamoDB writes they caused
/// (only this phase's lines of the operation logs) extrapolated to the target: 10,000 sensors
/// reporting once a second in Chicago's 77 community areas, plus 2,000 supply-chain events per second.
/// </summary>
internal sealed class HotKeyPhase(ContractLoad contracts, ReadingLoad readings, QuietQueues quiet, string operationLogDirectory, Action<string> progress)
{
    public const double TargetReadingsPerSecond = 10_000;
    public const int TargetSensors = 10_000;
    public const int TargetLocations = 77;
    public const double TargetSupplyChainEventsPerSecond = 2_000;

    public async Task<HotKeySummary> RunAsync(double contractsPerSecond, TimeSpan duration, TimeSpan drainTimeout, CancellationToken cancellationToken)
    {
        await quiet.WaitAsync(drainTimeout, cancellationToken);
        // The services meter their writes only now (the load levels ran without the meter's extra work):
        // wait until every one has looked for the switch.
        var meterSwitch = Topology.AppHostProcess.WriteMeterSwitch(operationLogDirectory);
        await File.WriteAllTextAsync(meterSwitch, "on", cancellationToken);
        await Task.Delay(AwsOperationLog.SwitchCheckInterval * 4, cancellationToken);
        var linesBefore = LineCounts();
        progress($"hot keys: {contractsPerSecond:N0} contracts/s and {readings.Sensors.Count:N0} sensors reporting once a second, for {duration.TotalSeconds:N0} s");
        var contractRun = contracts.OfferAsync(contractsPerSecond, duration, batchSize: 10, maxInFlight: 64, cancellationToken);
        var readingRun = readings.OfferAsync(duration, cancellationToken);
        var contractsAccepted = (await contractRun).Accepted.Count;
        var readingsAccepted = await readingRun;
        await quiet.WaitAsync(drainTimeout, cancellationToken);
        File.Delete(meterSwitch);
        await Task.Delay(AwsOperationLog.FlushInterval * 2, cancellationToken);

        var operations = Directory.EnumerateFiles(operationLogDirectory, "*.jsonl")
            .SelectMany(file => AwsOperationLog.Read(file).Skip(linesBefore.GetValueOrDefault(file)))
            .ToList();
        var report = HotKeySummary.Compute(operations,
        [
            new HotKeyWorkload("supply chain", "CONTRACT", TargetSupplyChainEventsPerSecond, contractsAccepted,
                process => process.StartsWith("worker-source", StringComparison.Ordinal), []),
            new HotKeyWorkload("noise", "READING", TargetReadingsPerSecond, readingsAccepted,
                process => process.StartsWith("worker-noise", StringComparison.Ordinal),
                [new KeySpread("sensor", readings.Sensors, TargetSensors), new KeySpread("location", readings.Locations, TargetLocations)]),
        ]);
        progress($"  accepted {contractsAccepted:N0} contracts and {readingsAccepted:N0} readings; hottest key at {report.AtEventsPerSecond:N0} events/s: {report.Key}, {report.MaxWriteUnitsPerSecond:N0} write units/s");
        return report;
    }

    private Dictionary<string, int> LineCounts() =>
        Directory.Exists(operationLogDirectory)
            ? Directory.EnumerateFiles(operationLogDirectory, "*.jsonl").ToDictionary(file => file, file => AwsOperationLog.Read(file).Count, StringComparer.Ordinal)
            : [];
}
