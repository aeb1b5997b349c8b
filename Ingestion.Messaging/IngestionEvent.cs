using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ingestion.Messaging;

/// <summary>
/// The envelope the API publishes to the topic for every accepted event: the producer's
/// body untouched, plus what the API stamped on it. Workers read exactly this.
/// </summary>
/// <param name="Sequence">
/// The stamp of the API instance's hybrid logical clock (microseconds since the Unix epoch, or the
/// instance's last stamp plus one when its clock has not moved on; a request's events are
/// consecutive, in request order). With <paramref name="Version"/> it orders an item's updates
/// (<see cref="EventOrder"/>). Still named "sequence" so the archive's older events read as before.
/// </param>
/// <param name="Version">The producer's own version of the item, when it sends one: it decides before the stamp.</param>
public sealed record IngestionEvent(
    [property: JsonPropertyName("event_id")] string EventId,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("entity_name")] string EntityName,
    [property: JsonPropertyName("received_at")] DateTimeOffset ReceivedAt,
    [property: JsonPropertyName("body")] JsonElement Body,
    [property: JsonPropertyName("sequence")] long Sequence = 0,
    [property: JsonPropertyName("version"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Version = null)
{
    /// <summary>
    /// Why this copy was sent again (<c>replay</c>, <c>redrive</c>), from the message attribute
    /// <see cref="MessageAttributeNames.Resent"/>; null for a first delivery. A resent event keeps
    /// its original stamp and is stored only when newer than what the item holds.
    /// </summary>
    [JsonIgnore]
    public string? Resent { get; init; }

    /// <summary>
    /// Where the queue placed this delivery in the item's group (<see cref="Messaging.QueuePosition"/>, from its
    /// SQS <c>SequenceNumber</c>); null when the queue gave none (a standard queue).
    /// </summary>
    [JsonIgnore]
    public string? QueuePosition { get; init; }

    /// <summary>
    /// For a copy a worker put back behind a failure or an outage (<see cref="MessageAttributeNames.HeldSequence"/>):
    /// where its original stood in the group (<see cref="Messaging.QueuePosition"/>). The copy is stored
    /// as a first delivery from there: only when nothing later in the group's order is stored.
    /// </summary>
    [JsonIgnore]
    public string? HeldPosition { get; init; }
}
