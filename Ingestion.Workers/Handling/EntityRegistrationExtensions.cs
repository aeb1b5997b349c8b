namespace Ingestion.Workers.Handling;

internal static class EntityRegistrationExtensions
{
    /// <summary>
    /// The entities of <see cref="WorkerEntities"/> and the dispatcher that routes to them; each is
    /// stored (<see cref="StoreEntityHandler{TEntity}"/>) unless a processor registered a handler of its own before.
    /// </summary>
    public static IServiceCollection AddIngestionEntities(this IServiceCollection services)
    {
        foreach (var entity in WorkerEntities.All)
        {
            services.AddSingleton(entity);
            entity.AddHandler(services, typeof(StoreEntityHandler<>), onlyIfNone: true);
        }

        services.AddSingleton<EntityDispatcher>();
        return services;
    }
}
