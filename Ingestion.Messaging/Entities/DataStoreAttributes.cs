namespace Ingestion.Messaging.Entities;

/// <summary>
/// The table's attribute names: the key, and what the worker adds to every item, upper-case so
/// they never clash with the producers' snake_case body fields. Written once for everyone who
/// reads or writes the table (the workers, the API's bookkeeping, Find event, the benchmark).
/// </summary>
public static class DataStoreAttributes
{
    public const string Id = "ID";
    public const string EntityName = "ENTITY_NAME";
    public const string EventId = "EVENT_ID";
    public const string Source = "SOURCE";
    public const string ReceivedAt = "RECEIVED_AT";
    public const string StoredAt = "STORED_AT";

    /// <summary>The event's <see cref="EventOrder"/> key: what the conditional write compares.</summary>
    public const string OrderKey = "ORDER_KEY";
    public const string Sequence = "SEQUENCE";

    /// <summary>
    /// Where the update stored stood in its queue's order for the item (<see cref="Ingestion.Messaging.QueuePosition"/>,
    /// 40 digits): a copy put back behind a failure is stored only when its original stood later.
    /// </summary>
    public const string QueuePosition = "QUEUE_SEQUENCE";
    public const string Version = "VERSION";

    /// <summary>The event's <see cref="EventContent"/> hash: tells a resend from a reused event_id.</summary>
    public const string ContentHash = "CONTENT_HASH";

    /// <summary>On an applied record: the item the event was applied to.</summary>
    public const string ItemId = "ITEM_ID";

    /// <summary>
    /// On an applied record: the raw event id (the key holds its hash). Not <see cref="EventId"/>, so
    /// a search for the item by its EVENT_ID never lands on the record instead.
    /// </summary>
    public const string AppliedEventId = "APPLIED_EVENT_ID";

    /// <summary>Epoch seconds after which DynamoDB's TTL deletes a bookkeeping record.</summary>
    public const string ExpiresAt = "EXPIRES_AT";
}
