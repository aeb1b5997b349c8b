using Ingestion.Messaging;

namespace Ingestion.Workers.Handling;

/// <summary>An event with its body read as <typeparamref name="TEntity"/>; <see cref="Event"/> keeps the body as sent.</summary>
internal sealed record EntityMessage<TEntity>(IngestionEvent Event, TEntity Body);
