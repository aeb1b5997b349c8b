namespace Ingestion.Workers.Entities;

/// <summary>An entity body that knows its pinned DynamoDB item ID (<see cref="Ingestion.Messaging.Entities.ItemKeys"/>).</summary>
internal interface IStoredEntity
{
    string ItemId { get; }

    /// <summary>
    /// True when the item ID names what the event is (a reading: location, sensor, timestamp): it
    /// is written once and never updated, so it needs no order and no applied record.
    /// </summary>
    bool IsImmutable => false;
}
