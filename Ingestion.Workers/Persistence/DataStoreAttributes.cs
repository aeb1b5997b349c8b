namespace Ingestion.Workers.Persistence;

/// <summary>
/// Attributes the worker adds to every item, upper-case so they never clash with the
/// producers' snake_case body fields.
/// </summary>
internal static class DataStoreAttributes
{
    public const string Id = "ID";
    public const string EntityName = "ENTITY_NAME";
    public const string EventId = "EVENT_ID";
    public const string Source = "SOURCE";
    public const string ReceivedAt = "RECEIVED_AT";
    public const string StoredAt = "STORED_AT";

    /// <summary>The event's <see cref="Ingestion.Messaging.EventOrder"/> key: what the conditional write compares.</summary>
    public const string OrderKey = "ORDER_KEY";
    public const string Sequence = "SEQUENCE";
    public const string Version = "VERSION";
}
