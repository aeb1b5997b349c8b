using System.Text.Json;
using Ingestion.Messaging;
using Ingestion.Workers.Entities;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Ingestion.Workers.Handling;

/// <summary>Ties an entity_name to the body type its handler takes.</summary>
internal abstract class EntityRegistration(string entityName)
{
    public string EntityName { get; } = entityName;

    public abstract Task<MessageHandlerResult> HandleAsync(IServiceProvider services, IngestionEvent message, CancellationToken cancellationToken);

    /// <summary>
    /// Registers <paramref name="openHandler"/> (say <c>ArchiveHandler&lt;&gt;</c>) closed over this entity as
    /// its <see cref="IMessageHandler{TEntity}"/>; with <paramref name="onlyIfNone"/>, unless one is registered already.
    /// </summary>
    public abstract void AddHandler(IServiceCollection services, Type openHandler, bool onlyIfNone = false);
}

internal sealed class EntityRegistration<TEntity>(string entityName) : EntityRegistration(entityName)
    where TEntity : class, IStoredEntity
{
    public override void AddHandler(IServiceCollection services, Type openHandler, bool onlyIfNone = false)
    {
        var handler = ServiceDescriptor.Singleton(typeof(IMessageHandler<TEntity>), openHandler.MakeGenericType(typeof(TEntity)));
        if (onlyIfNone)
        {
            services.TryAdd(handler);
        }
        else
        {
            services.Add(handler);
        }
    }

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
