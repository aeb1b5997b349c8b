using Ingestion.Messaging.Entities;

namespace Ingestion.Workers.Entities;

internal sealed record Contract(string ContractId, string ContractName, string ContractType, string ContractStatus) : IStoredEntity
{
    public const string EntityName = Ingestion.Messaging.Entities.EntityNames.Contract;

    public string ItemId => ItemKeys.Contract(ContractId);
}
