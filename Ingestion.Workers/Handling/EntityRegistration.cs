using System.Text.Json;
using Ingestion.Messaging;

namespace Ingestion.Workers.Handling;

/// <summary>Ties an entity_name to the body type its handler takes.</summary>
internal abstract class EntityRegistration(string entityName)
{
    public string EntityName { get; } = entityName;

    public abstract Task<MessageHandlerResult> HandleAsync(IServiceProvider services, IngestionEvent message, CancellationToken cancellationToken);
}

internal sealed class EntityRegistration<TEntity>(string entityName) : EntityRegistration(entityName)
    where TEntity : class
{
    public override Task<MessageHandlerResult> HandleAsync(IServiceProvider services, IngestionEvent message, CancellationToken cancellationToken)
    {
        TEntity? body;
        try
        {
            body = message.Body.Deserialize<TEntity>(WorkerJson.Options);
        }
        catch (JsonException exception)
        {
            return Task.FromResult(MessageHandlerResult.Rejected($"body is not a valid {EntityName}: {exception.Message}", "invalid_body"));
        }

        if (body is null)
        {
            return Task.FromResult(MessageHandlerResult.Rejected($"body of {EntityName} is null", "invalid_body"));
        }

        var handler = services.GetRequiredService<IMessageHandler<TEntity>>();
        return handler.HandleAsync(new EntityMessage<TEntity>(message, body), cancellationToken);
    }
}
