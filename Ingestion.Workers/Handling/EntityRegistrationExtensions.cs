using Ingestion.Workers.Entities;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Ingestion.Workers.Handling;

internal static class EntityRegistrationExtensions
{
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
