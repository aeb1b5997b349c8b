namespace Ingestion.Workers.Entities;

internal sealed record Contract(string ContractId, string ContractName, string ContractType, string ContractStatus) : IStoredEntity
{
    public const string EntityName = "CONTRACT";

    public string ItemId => ItemIds.Contract(ContractId);
}
