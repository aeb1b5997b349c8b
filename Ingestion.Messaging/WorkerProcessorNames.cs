namespace Ingestion.Messaging;

/// <summary>
/// What a worker does with what it receives, as the template's <c>Ingestion::Worker</c> metadata
/// names it (<c>Processor</c>, <c>store</c> when absent) and the worker reads it (<c>Worker:Processor</c>).
/// </summary>
public static class WorkerProcessorNames
{
    /// <summary>Each entity as its item, under the ordering rule.</summary>
    public const string Store = "store";

    /// <summary>Loud readings as ALERT items.</summary>
    public const string Alerts = "alerts";

    /// <summary>Per-location one-minute windows and noisy episodes.</summary>
    public const string Statistics = "statistics";

    /// <summary>Every accepted event to S3, for replay.</summary>
    public const string Archive = "archive";
}
