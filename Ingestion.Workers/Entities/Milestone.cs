using Ingestion.Messaging.Entities;

namespace Ingestion.Workers.Entities;

internal sealed record Milestone(string MilestoneId, string ContractId, string Description, string StartDate, string EndDate) : IStoredEntity
{
    public const string EntityName = Ingestion.Messaging.Entities.EntityNames.Milestone;

    public string ItemId => ItemKeys.Milestone(MilestoneId);
}
