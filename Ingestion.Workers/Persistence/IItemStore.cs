using Ingestion.Messaging;

namespace Ingestion.Workers.Persistence;

internal enum WriteOutcome
{
    /// <summary>The item was created or replaced by this event.</summary>
    Stored,

    /// <summary>The item already holds this event (a redelivery, a resend or a replay of it); nothing changed.</summary>
    AlreadyCurrent,

    /// <summary>
    /// The item holds a newer update than this replayed or redriven event, or than this copy put back behind
    /// a failure (later in the queue's order), or a higher producer version; nothing changed.
    /// </summary>
    Older,

    /// <summary>
    /// The event_id was stored before with a different body, or an immutable item is stored with a
    /// different body: nothing changed, the first body stays, and the event must be dead-lettered.
    /// </summary>
    Conflict,
}

/// <summary>The single table the workers write to.</summary>
internal interface IItemStore
{
    /// <summary>
    /// Stores <paramref name="message"/> as item <paramref name="itemId"/>, an entity that is updated,
    /// by the README's ordering rule: unless the item already holds it or a newer update.
    /// </summary>
    Task<WriteOutcome> PutAsync(string itemId, IngestionEvent message, CancellationToken cancellationToken);

    /// <summary>
    /// Writes an immutable item once (a reading): the same again is a duplicate, another body a
    /// conflict, told apart by <paramref name="contentHash"/> (of the entity's values, so the same
    /// reading written differently, a timestamp with another offset, is the same).
    /// </summary>
    Task<WriteOutcome> PutOnceAsync(string itemId, IngestionEvent message, string contentHash, CancellationToken cancellationToken);

    /// <summary>
    /// After <paramref name="message"/> failed on <paramref name="itemId"/>: raises the item's order to
    /// just below the event's, so a later redrive of it can never win over an update applied meanwhile.
    /// Best effort: an item that does not exist, or holds another version, is left alone.
    /// </summary>
    Task RaiseFloorAsync(string itemId, IngestionEvent message, CancellationToken cancellationToken);
}
