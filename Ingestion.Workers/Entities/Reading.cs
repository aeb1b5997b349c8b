using System.Text.Json.Serialization;
using Ingestion.Messaging.Entities;

namespace Ingestion.Workers.Entities;

internal sealed record Reading(
    string Location,
    string Sensor,
    [property: JsonConverter(typeof(IsoTimestampConverter))] DateTimeOffset Timestamp,
    double Db) : IStoredEntity
{
    public const string EntityName = Ingestion.Messaging.Entities.EntityNames.Reading;

    public string ItemId => ItemKeys.Reading(Location, Sensor, Timestamp);

    public bool IsImmutable => true;
}
