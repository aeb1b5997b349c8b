using System.Text.Json.Serialization;
using Ingestion.Api.Publishing;

namespace Ingestion.Api.Events;

/// <summary>One event's line in a 503/500 problem: what happened to it, so the producer resends only what is missing.</summary>
public sealed record EventPublishReport(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("event_id")] string EventId,
    [property: JsonPropertyName("entity_name")] string EntityName,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("error")] string? Error)
{
    public static EventPublishReport From(EventPublishOutcome outcome) => new(
        outcome.Event.Index,
        outcome.Event.EventId,
        outcome.Event.EntityName,
        outcome.Status switch
        {
            PublishStatus.Published => "published",
            PublishStatus.Failed => "failed",
            _ => "not_attempted",
        },
        outcome.ErrorCode);
}
