namespace Ingestion.Workers.Configuration;

/// <summary>Which queue this process drains; the AppHost injects <c>Worker__Name</c> and <c>Worker__QueueUrl</c>.</summary>
internal sealed class WorkerOptions
{
    public const string SectionName = "Worker";

    /// <summary>The source this worker serves, e.g. <c>sourceA</c>.</summary>
    public string Name { get; set; } = "";

    public string QueueUrl { get; set; } = "";

    public TraceParentMode TraceParentMode { get; set; } = TraceParentMode.Parent;

    /// <summary>The last path segment of the URL, e.g. <c>ingestion-sourceA.fifo</c>: what spans call the destination.</summary>
    public string QueueName => QueueUrl.TrimEnd('/').Split('/')[^1];
}
