namespace Ingestion.Workers.Configuration;

/// <summary>How a worker's process spans relate to the producer's trace context.</summary>
internal enum TraceParentMode
{
    /// <summary>
    /// The process span is a child of the producer's span: one event is one trace, from the
    /// HTTP POST to the DynamoDB write. The batch's receive span is linked.
    /// </summary>
    Parent,

    /// <summary>
    /// The process span is a child of the batch's receive span and only links to the producer
    /// (what AWS.Messaging does): traces stay per batch, and an event spans two traces.
    /// </summary>
    Link,

    /// <summary>
    /// One process span per batch, in the receive span's trace (which links to every message's
    /// producer), and none per message. For a side path that sees every event, the archive: a
    /// span per event there was a fifth of every event's spans, and said nothing the receive
    /// span's links do not.
    /// </summary>
    Batch,
}
