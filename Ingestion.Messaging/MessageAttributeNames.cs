namespace Ingestion.Messaging;

/// <summary>
/// Names of the message attributes the API sets on every publish. Subscription filter
/// policies in the template select on these, so they are part of the template's contract.
/// SQS carries at most 10 attributes with raw delivery: keep the total under that.
/// </summary>
public static class MessageAttributeNames
{
    public const string Source = "source";
    public const string EntityName = "entity_name";
    public const string EventId = "event_id";
    public const string TraceParent = "traceparent";
    public const string TraceState = "tracestate";
    public const string Baggage = "baggage";

    /// <summary>
    /// <c>"true"</c> on every event the replayer publishes again: the archive's subscription
    /// filters these out, so a replay never archives its events a second time.
    /// </summary>
    public const string Replayed = "replayed";

    /// <summary>Set by a worker that dead-letters a message itself (a permanent failure): why.</summary>
    public const string DeadLetterReason = "dead_letter_reason";
}
