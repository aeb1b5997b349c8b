using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ingestion.Messaging;

/// <summary>
/// The envelope the API publishes to the topic for every accepted event: the producer's
/// body untouched, plus what the API stamped on it. Workers read exactly this.
/// </summary>
public sealed record IngestionEvent(
    [property: JsonPropertyName("event_id")] string EventId,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("entity_name")] string EntityName,
    [property: JsonPropertyName("received_at")] DateTimeOffset ReceivedAt,
    [property: JsonPropertyName("body")] JsonElement Body);
