using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Ingestion.Workers.Telemetry;

/// <summary>What the dashboard charts per worker: throughput, failures, latency.</summary>
internal sealed class WorkerMetrics
{
    private readonly Counter<long> _processed;
    private readonly Counter<long> _failed;
    private readonly Histogram<double> _duration;

    public WorkerMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(WorkerTelemetry.Name);
        _processed = meter.CreateCounter<long>("ingestion.worker.messages.processed", "{message}", "Messages handled successfully (stored, or already current).");
        _failed = meter.CreateCounter<long>("ingestion.worker.messages.failed", "{message}", "Messages that failed and were left for SQS to redeliver.");
        _duration = meter.CreateHistogram<double>("ingestion.worker.processing.duration", "s", "Time to process one message, from dispatch to result.");
    }

    public void RecordProcessed(string queueName, string? entityName, TimeSpan duration)
    {
        TagList tags = new() { { "messaging.destination.name", queueName }, { "entity_name", entityName ?? "" } };
        _processed.Add(1, tags);
        _duration.Record(duration.TotalSeconds, tags);
    }

    public void RecordFailed(string queueName, string? entityName, string errorType, TimeSpan duration)
    {
        TagList tags = new() { { "messaging.destination.name", queueName }, { "entity_name", entityName ?? "" }, { "error.type", errorType } };
        _failed.Add(1, tags);
        _duration.Record(duration.TotalSeconds, tags);
    }
}
