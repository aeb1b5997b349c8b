using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ingestion.Messaging;

/// <summary>
/// The envelope the API publishes to the topic for every accepted event: the producer's
/// body untouched, plus what the API stamped on it. Workers read exactly this.
/// </summary>
/// <param name="Sequence">
/// The API's monotonic number for this source's events (a request's events are consecutive, in
/// request order). With <paramref name="Version"/> it orders an item's updates (<see cref="EventOrder"/>);
/// 0 for events from before sequences existed.
/// </param>
/// <param name="Version">The producer's own version of the item, when it sends one: it decides before the sequence.</param>
public sealed record IngestionEvent(
    [property: JsonPropertyName("event_id")] string EventId,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("entity_name")] string EntityName,
    [property: JsonPropertyName("received_at")] DateTimeOffset ReceivedAt,
    [property: JsonPropertyName("body")] JsonElement Body,
    [property: JsonPropertyName("sequence")] long Sequence = 0,
    [property: JsonPropertyName("version"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Version = null);
