using System.Diagnostics;
using Ingestion.Api.Sources;
using Ingestion.Messaging;
using Ingestion.Messaging.Sns;
using Ingestion.Messaging.TraceContext;

namespace Ingestion.Api.Publishing;

/// <summary>
/// The one way an event becomes a message: the envelope as body, the attributes filter policies
/// route on (source, entity_name, event_id and the entity's own, e.g. a reading's location and
/// db), the item key as message group, and the W3C context of the span that created it.
/// </summary>
public static class EventMessages
{
    /// <summary>
    /// A newly accepted event: group and routing attributes as validated, deduplicated by its
    /// event_id together with what it says (<see cref="EventContent.DeduplicationId"/>).
    /// </summary>
    public static OutgoingMessage Accepted(PreparedEvent prepared, string source, Activity? createdBy) => Create(
        prepared.Event.EventId, source, prepared.Event.EntityName, prepared.Message, prepared.Event.ItemKey,
        EventContent.DeduplicationId(prepared.Event.EventId, prepared.Event.ContentHash), prepared.Event.RoutingAttributes, resent: null, createdBy);

    /// <summary>
    /// An archived event sent again: the envelope exactly as archived (its original order stamp
    /// included), the same group and attributes as when it was accepted (so it is ordered and
    /// routed as it was), under a deduplication id of its own, since SNS would drop a resend of the
    /// original id within five minutes. Marked as resent, so workers order it by its original stamp
    /// alone and it never undoes a later update, and as <see cref="MessageAttributeNames.Replayed"/>,
    /// so the archive does not store it twice.
    /// </summary>
    public static OutgoingMessage Replayed(IngestionEvent archived, string archivedEnvelope, IEntitySchema schema, string deduplicationId, Activity? createdBy)
    {
        var routing = new Dictionary<string, SnsMessageAttribute>(schema.RoutingAttributes(archived.Body), StringComparer.Ordinal)
        {
            [MessageAttributeNames.Replayed] = new("String", "true"),
        };
        return Create(archived.EventId, archived.Source, archived.EntityName, archivedEnvelope, schema.ItemKey(archived.Body),
            deduplicationId, routing, resent: "replay", createdBy);
    }

    private static OutgoingMessage Create(
        string eventId, string source, string entityName, string body, string groupId, string deduplicationId,
        IReadOnlyDictionary<string, SnsMessageAttribute>? routing, string? resent, Activity? createdBy)
    {
        var attributes = new Dictionary<string, SnsMessageAttribute>(StringComparer.Ordinal)
        {
            [MessageAttributeNames.Source] = new("String", source),
            [MessageAttributeNames.EntityName] = new("String", entityName),
            [MessageAttributeNames.EventId] = new("String", eventId),
        };
        foreach (var (name, value) in routing ?? new Dictionary<string, SnsMessageAttribute>())
        {
            attributes[name] = value;
        }

        if (resent is not null)
        {
            attributes[MessageAttributeNames.Resent] = new("String", resent);
        }

        return new OutgoingMessage(eventId, body, groupId, deduplicationId,
            MessageTraceContext.WithTraceContext(attributes, createdBy), createdBy?.Context ?? default);
    }
}
