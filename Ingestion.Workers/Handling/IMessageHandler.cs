namespace Ingestion.Workers.Handling;

/// <summary>Handles one entity's events. One implementation per entity; the dispatcher picks it by entity_name.</summary>
internal interface IMessageHandler<TEntity>
{
    /// <summary>Failure (returned or thrown) leaves the message on the queue for SQS to redeliver.</summary>
    Task<MessageHandlerResult> HandleAsync(EntityMessage<TEntity> message, CancellationToken cancellationToken);
}
