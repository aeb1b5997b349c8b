using System.Text.Json;
using Ingestion.Messaging.Sns;

namespace Ingestion.Api.Events;

/// <param name="Index">Position in the request (0 for a single event), for error reports.</param>
/// <param name="EventIdFromClient">
/// False when the API made the id (a new UUIDv7, or for an immutable entity one derived from its
/// identity): a retry must send it back, or the same immutable body, to be deduplicated.
/// </param>
/// <param name="Version">The producer's version of the item, when it sent one: it orders updates before the API's sequence.</param>
public sealed record ValidatedEvent(
    int Index,
    string EventId,
    bool EventIdFromClient,
    string EntityName,
    string ItemKey,
    JsonElement Body,
    IReadOnlyDictionary<string, SnsMessageAttribute>? RoutingAttributes = null,
    long? Version = null)
{
    /// <summary>What the event says (<see cref="Ingestion.Messaging.EventContent"/>): part of its SNS deduplication id.</summary>
    public string ContentHash { get; } = Ingestion.Messaging.EventContent.Hash(EntityName, Version, Body);
}
