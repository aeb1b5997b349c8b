using Ingestion.Messaging;

namespace Ingestion.Topology.Metadata;

/// <summary>
/// One worker process the AppHost runs: its name (resource `worker-&lt;Name&gt;`), the output keys
/// holding its queue's and dead-letter queue's URLs, what it does with what it receives
/// (<c>store</c>: each entity as its item; <c>alerts</c>: loud readings as ALERT items), and the
/// output holding the URL of its subscription's dead-letter queue (what SNS could not deliver), if any.
/// </summary>
public sealed record WorkerDeclaration(
    string Name,
    string QueueUrlOutput,
    string DeadLetterQueueUrlOutput,
    string Processor = WorkerProcessorNames.Store,
    string? UndeliveredQueueUrlOutput = null);
