using Ingestion.Workers.Entities;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Ingestion.Workers.Handling;

internal static class EntityRegistrationExtensions
{
    /// <summary>The entities workers understand, one line each, and the dispatcher that routes to them.</summary>
    public static IServiceCollection AddIngestionEntities(this IServiceCollection services)
    {
        services.AddEntity<Contract>(Contract.EntityName);
        services.AddEntity<Milestone>(Milestone.EntityName);
        services.AddEntity<Equipment>(Equipment.EntityName);
        services.AddEntity<Reading>(Reading.EntityName);
        services.AddSingleton<EntityDispatcher>();
        return services;
    }

    /// <summary>
    /// Handles <paramref name="entityName"/> events with <typeparamref name="TEntity"/>'s handler:
    /// the default stores the item unless a specific handler was registered before.
    /// </summary>
    public static IServiceCollection AddEntity<TEntity>(this IServiceCollection services, string entityName)
        where TEntity : class, IStoredEntity
    {
        services.AddSingleton<EntityRegistration>(new EntityRegistration<TEntity>(entityName));
        services.TryAddSingleton<IMessageHandler<TEntity>, StoreEntityHandler<TEntity>>();
        return services;
    }
}
