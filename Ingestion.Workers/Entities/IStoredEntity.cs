namespace Ingestion.Workers.Entities;

/// <summary>An entity body that knows its pinned DynamoDB item ID (DESIGN.md).</summary>
internal interface IStoredEntity
{
    string ItemId { get; }
}
