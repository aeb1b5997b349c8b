namespace Ingestion.Workers.Configuration;

/// <summary>How a message's process span relates to the producer's trace context.</summary>
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
}
