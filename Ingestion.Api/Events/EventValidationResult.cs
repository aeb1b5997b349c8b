using Ingestion.Api.Sources;

namespace Ingestion.Api.Events;

/// <param name="OnlyUnsentEntities">Every error is an entity this source does not send (422 rather than 400).</param>
public sealed record EventValidationResult(IReadOnlyList<ValidatedEvent> Events, ValidationErrors Errors, bool OnlyUnsentEntities)
{
    public bool IsValid => Errors.IsEmpty;
}
