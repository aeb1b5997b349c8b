using System.ComponentModel;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Ingestion.Api.Events;

/// <summary>One event as a producer sends it. Only documents the request: the body is read and validated by hand.</summary>
[Description("One event. The request body is either one of these or a JSON array of up to 100 of them.")]
public sealed record EventSubmission(
    [property: JsonPropertyName("entity_name"), Description(EventSubmission.EntityNameDescription)]
    string EntityName,
    [property: JsonPropertyName("body"), Description("The entity's fields, snake_case, as pinned for the entity.")]
    JsonObject Body,
    [property: JsonPropertyName("event_id"), Description("Optional: 1–128 printable ASCII characters. Resending an event with the same event_id is deduplicated. Defaults to the Idempotency-Key header, else a new UUIDv7.")]
    string? EventId = null)
{
    /// <summary>The OpenAPI document appends each source and its entities, read from the <see cref="Sources.SourceCatalogue"/>.</summary>
    internal const string EntityNameDescription = "The entity the body describes; it must be one the source sends.";
}
