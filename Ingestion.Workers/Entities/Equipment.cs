using Ingestion.Messaging.Entities;

namespace Ingestion.Workers.Entities;

internal sealed record Equipment(string EquipmentId, string ContractId, string? ParentEquipmentId = null, string? CurrentMilestoneId = null) : IStoredEntity
{
    public const string EntityName = Ingestion.Messaging.Entities.EntityNames.Equipment;

    public string ItemId => ItemKeys.Equipment(EquipmentId);
}
