namespace Ingestion.Workers.Entities;

/// <summary>An entity body that knows its pinned DynamoDB item ID (<see cref="Ingestion.Messaging.Entities.ItemKeys"/>).</summary>
internal interface IStoredEntity
{
    string ItemId { get; }
}
