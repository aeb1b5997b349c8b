using System.Text.Json;
using Ingestion.Messaging.Entities;

namespace Ingestion.Api.Sources.Schemas;

public sealed class EquipmentSchema : IEntitySchema
{
    public const string Name = EntityNames.Equipment;

    public string EntityName => Name;

    public void Validate(EntityBody body)
    {
        body.RequiredIdentifier("equipment_id");
        body.RequiredIdentifier("contract_id");
        body.OptionalIdentifier("parent_equipment_id");
        body.OptionalIdentifier("current_milestone_id");
    }

    public string ItemKey(JsonElement body) => ItemKeys.Equipment(body.GetProperty("equipment_id").GetString()!);
}
