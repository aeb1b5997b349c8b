using Ingestion.Workers.Entities;

namespace Ingestion.Workers.Handling;

/// <summary>
/// The entities workers understand, one line each: the dispatcher routes their events by
/// entity_name, the store processor stores them, the archive processor archives them.
/// </summary>
internal static class WorkerEntities
{
    public static IReadOnlyList<EntityRegistration> All { get; } =
    [
        new EntityRegistration<Contract>(Contract.EntityName),
        new EntityRegistration<Milestone>(Milestone.EntityName),
        new EntityRegistration<Equipment>(Equipment.EntityName),
        new EntityRegistration<Reading>(Reading.EntityName),
    ];
}
