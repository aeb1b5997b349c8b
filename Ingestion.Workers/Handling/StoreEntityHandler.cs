using Ingestion.Workers.Entities;
using Ingestion.Workers.Persistence;

namespace Ingestion.Workers.Handling;

/// <summary>
/// What every entity needs today: store the event under the entity's item ID. An entity that
/// needs more registers its own <see cref="IMessageHandler{TEntity}"/> instead.
/// </summary>
internal sealed class StoreEntityHandler<TEntity>(IItemStore store) : IMessageHandler<TEntity>
    where TEntity : IStoredEntity
{
    public async Task<MessageHandlerResult> HandleAsync(EntityMessage<TEntity> message, CancellationToken cancellationToken)
    {
        // A stale or duplicate event is a success too: the item already holds this or newer data.
        await store.PutAsync(message.Body.ItemId, message.Event, cancellationToken);
        return MessageHandlerResult.Success;
    }
}
