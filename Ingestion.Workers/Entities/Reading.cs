using System.Text.Json.Serialization;

namespace Ingestion.Workers.Entities;

internal sealed record Reading(
    string Location,
    string Sensor,
    [property: JsonConverter(typeof(IsoTimestampConverter))] DateTimeOffset Timestamp,
    double Db) : IStoredEntity
{
    public const string EntityName = Ingestion.Messaging.Entities.EntityNames.Reading;

    public string ItemId => ItemIds.Reading(Location, Sensor, Timestamp);

    public bool IsImmutable => true;
}
