using Ingestion.Messaging;

namespace Ingestion.Workers.Configuration;

/// <summary>Which queue this process drains; the AppHost injects <c>Worker__Name</c> and <c>Worker__QueueUrl</c>.</summary>
internal sealed class WorkerOptions
{
    public const string SectionName = "Worker";

    /// <summary>The source this worker serves, e.g. <c>sourceA</c>.</summary>
    public string Name { get; set; } = "";

    public string QueueUrl { get; set; } = "";

    /// <summary>Where failures that no retry can fix go at once; empty: the target of the queue's RedrivePolicy.</summary>
    public string DeadLetterQueueUrl { get; set; } = "";

    /// <summary>
    /// What this worker does with what it receives: <c>store</c> (each entity as its item) or
    /// <c>alerts</c> (loud readings as ALERT items) or <c>statistics</c> (per-location 1-minute
    /// windows), or <c>archive</c>. From the template's <c>Ingestion::Worker</c> metadata on the worker's role.
    /// </summary>
    public string Processor { get; set; } = WorkerProcessorNames.Store;

    /// <summary>Unset: <see cref="TraceParentMode.Batch"/> for the archive, <see cref="TraceParentMode.Parent"/> for the rest.</summary>
    public TraceParentMode? TraceParentMode { get; set; }

    public TraceParentMode Tracing => TraceParentMode ?? (Processor == WorkerProcessorNames.Archive ? Configuration.TraceParentMode.Batch : Configuration.TraceParentMode.Parent);

    /// <summary>The last path segment of the URL, e.g. <c>ingestion-sourceA.fifo</c>: what spans call the destination.</summary>
    public string QueueName => QueueUrl.TrimEnd('/').Split('/')[^1];
}
