namespace Ingestion.Workers.Persistence;

/// <summary>
/// Attributes the worker adds to every item, upper-case so they never clash with the
/// producers' snake_case body fields. <see cref="EntityName"/> is what EntityNameIndex indexes.
/// </summary>
internal static class DataStoreAttributes
{
    public const string Id = "ID";
    public const string EntityName = "ENTITY_NAME";
    public const string EventId = "EVENT_ID";
    public const string Source = "SOURCE";
    public const string ReceivedAt = "RECEIVED_AT";
    public const string StoredAt = "STORED_AT";
}
