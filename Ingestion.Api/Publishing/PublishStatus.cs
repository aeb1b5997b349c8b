namespace Ingestion.Api.Publishing;

public enum PublishStatus
{
    Published,
    Failed,

    /// <summary>Held back because an earlier chunk of the same request failed, to keep each item's events in order.</summary>
    NotAttempted,
}
