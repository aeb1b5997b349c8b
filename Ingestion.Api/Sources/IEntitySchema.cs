using System.Text.Json;
using Ingestion.Messaging.Sns;

namespace Ingestion.Api.Sources;

/// <summary>
/// The contract of one entity's body: how to validate it and which item it updates.
/// Adding an entity is one class implementing this plus one <c>AddEntitySchema</c> call.
/// </summary>
public interface IEntitySchema
{
    /// <summary>The <c>entity_name</c> producers send, e.g. <c>CONTRACT</c>.</summary>
    string EntityName { get; }

    /// <summary>Reports every problem with <paramref name="body"/> to it; never throws for bad input.</summary>
    void Validate(EntityBody body);

    /// <summary>
    /// The DynamoDB item ID this event updates, e.g. <c>CONTRACT#c-1</c>. It is also the SNS
    /// message group, so one item's events stay in order. Only called on a valid body.
    /// </summary>
    string ItemKey(JsonElement body);

    /// <summary>
    /// Message attributes that subscription filter policies route this entity by (besides
    /// source and entity_name), e.g. a reading's location and decibels. Only called on a valid body.
    /// </summary>
    IReadOnlyDictionary<string, SnsMessageAttribute> RoutingAttributes(JsonElement body) => NoRoutingAttributes;

    /// <summary>
    /// For an immutable entity, what identifies it (a reading: location, sensor and timestamp);
    /// null for an entity that is updated. An immutable event sent without an event_id gets one
    /// derived from it, so sending it twice is a duplicate everywhere. Only called on a valid body.
    /// </summary>
    string? Identity(JsonElement body) => null;

    static readonly IReadOnlyDictionary<string, SnsMessageAttribute> NoRoutingAttributes = new Dictionary<string, SnsMessageAttribute>();
}
