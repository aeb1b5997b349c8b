using System.Text.Json;
using Ingestion.Messaging.Entities;

namespace Ingestion.Api.Sources.Schemas;

public sealed class ContractSchema : IEntitySchema
{
    public const string Name = EntityNames.Contract;

    public static readonly string[] ContractTypes = ["FIXED_PRICE", "TIME_AND_MATERIALS", "COST_PLUS"];

    public static readonly string[] ContractStatuses = ["DRAFT", "ACTIVE", "SUSPENDED", "COMPLETED", "CANCELLED"];

    public string EntityName => Name;

    public void Validate(EntityBody body)
    {
        body.RequiredIdentifier("contract_id");
        body.RequiredText("contract_name");
        body.RequiredEnum("contract_type", ContractTypes);
        body.RequiredEnum("contract_status", ContractStatuses);
    }

    public string ItemKey(JsonElement body) => ItemKeys.Contract(body.GetProperty("contract_id").GetString()!);
}
