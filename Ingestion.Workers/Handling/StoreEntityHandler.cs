using System.Text.Json;
using Ingestion.Messaging;
using Ingestion.Workers.Entities;
using Ingestion.Workers.Persistence;

namespace Ingestion.Workers.Handling;

/// <summary>
/// What every entity needs today: store the event under the entity's item ID, in order for an
/// entity that is updated, once for an immutable one. An entity that needs more registers its own
/// <see cref="IMessageHandler{TEntity}"/> instead.
/// </summary>
internal sealed class StoreEntityHandler<TEntity>(IItemStore store) : IMessageHandler<TEntity>
    where TEntity : IStoredEntity
{
    public async Task<MessageHandlerResult> HandleAsync(EntityMessage<TEntity> message, CancellationToken cancellationToken)
    {
        var itemId = message.Body.ItemId;
        WriteOutcome outcome;
        try
        {
            outcome = message.Body.IsImmutable
                ? await store.PutOnceAsync(itemId, message.Event, ValuesHash(message), cancellationToken)
                : await store.PutAsync(itemId, message.Event, cancellationToken);
        }
        catch (Exception) when (!message.Body.IsImmutable && !cancellationToken.IsCancellationRequested)
        {
            // Whether this fails again or for good, a later redrive of it must not win over updates applied meanwhile.
            await RaiseFloorQuietlyAsync(itemId, message, cancellationToken);
            throw;
        }

        // Stored, a duplicate, or older than what the item holds: all successes, the item holds this or newer data.
        return outcome != WriteOutcome.Conflict
            ? MessageHandlerResult.Success
            : MessageHandlerResult.Rejected(
                message.Body.IsImmutable
                    ? $"{itemId} is stored already with a different body; it keeps the first (an immutable entity is written once)"
                    : $"event_id {message.Event.EventId} was stored before with a different body; {itemId} keeps the first (give a new event its own event_id)",
                "event_id_reused");
    }

    /// <summary>What an immutable entity says, read as its values (a timestamp in UTC, a number as a number), not as it was written.</summary>
    private static string ValuesHash(EntityMessage<TEntity> message) =>
        EventContent.Hash(message.Event.EntityName, message.Event.Version, JsonSerializer.SerializeToElement(message.Body, WorkerJson.Options));

    private async Task RaiseFloorQuietlyAsync(string itemId, EntityMessage<TEntity> message, CancellationToken cancellationToken)
    {
        try
        {
            await store.RaiseFloorAsync(itemId, message.Event, cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The store is failing anyway; the original failure is the one to report.
        }
    }
}
