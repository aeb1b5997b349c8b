using Ingestion.Api.Events;

namespace Ingestion.Api.Publishing;

/// <param name="Transient">For an event not published: whether retrying later may succeed.</param>
public sealed record EventPublishOutcome(ValidatedEvent Event, PublishStatus Status, string? ErrorCode, bool Transient);
