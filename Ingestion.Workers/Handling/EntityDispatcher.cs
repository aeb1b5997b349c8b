using System.Collections.Frozen;
using Ingestion.Messaging;

namespace Ingestion.Workers.Handling;

/// <summary>Routes an event to the handler registered for its entity_name.</summary>
internal sealed class EntityDispatcher(IEnumerable<EntityRegistration> registrations, IServiceProvider services)
{
    private readonly FrozenDictionary<string, EntityRegistration> _registrations =
        registrations.ToFrozenDictionary(registration => registration.EntityName, StringComparer.Ordinal);

    public Task<MessageHandlerResult> DispatchAsync(IngestionEvent message, CancellationToken cancellationToken) =>
        _registrations.TryGetValue(message.EntityName, out var registration)
            ? registration.HandleAsync(services, message, cancellationToken)
            : Task.FromResult(MessageHandlerResult.Rejected($"no handler for entity '{message.EntityName}'", "unknown_entity"));
}
