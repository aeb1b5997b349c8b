using Ingestion.Api.Sources;

namespace Ingestion.Api.Events;

/// <param name="OnlyUnsentEntities">Every error is an entity this source does not send (422 rather than 400).</param>
public sealed record EventValidationResult(IReadOnlyList<ValidatedEvent> Events, ValidationErrors Errors, bool OnlyUnsentEntities)
{
    public bool IsValid => Errors.IsEmpty;

    /// <summary>Every error is an event_id reused within the request for a different event (422, as with an Idempotency-Key).</summary>
    public bool OnlyReusedEventIds { get; init; }
}
