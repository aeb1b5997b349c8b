using Ingestion.Messaging;

namespace Ingestion.Workers.Persistence;

internal enum WriteOutcome
{
    /// <summary>The item was created or replaced by this event.</summary>
    Stored,

    /// <summary>The item already holds this event or a later one, or this is a resend of an applied event; nothing changed.</summary>
    AlreadyCurrent,
}

/// <summary>The single table the workers write to.</summary>
internal interface IItemStore
{
    /// <summary>Stores <paramref name="message"/> as item <paramref name="itemId"/> unless the item already holds it or a newer event.</summary>
    Task<WriteOutcome> PutAsync(string itemId, IngestionEvent message, CancellationToken cancellationToken);
}
