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

    /// <summary>
    /// Set on a copy of an event sent again by the replayer (<c>replay</c>) or the redriver
    /// (<c>redrive</c>): the worker then orders it by its original stamp alone, so it never undoes
    /// a later update (<see cref="IngestionEvent.Resent"/>).
    /// </summary>
    public const string Resent = "resent";

    /// <summary>
    /// Set by a worker on the copy it puts back at the end of its queue (a message held behind a
    /// failure, or deferred while the store was down): the queue's SequenceNumber of the original, so
    /// the store places the copy where the original stood in its group's order
    /// (<see cref="IngestionEvent.HeldPosition"/>). A copy of a copy keeps the first original's.
    /// </summary>
    public const string HeldSequence = "held_sequence";
}
