namespace Ingestion.Api.Access;

/// <summary>The table where the API instances count themselves: the template's DataStoreTableName output.</summary>
public sealed class DataStoreTableOptions
{
    public const string SectionName = "AWS:Resources";

    public const string Missing = "AWS:Resources:DataStoreTableName is required (the template's DataStoreTableName output) while RateLimits:ShareAcrossInstances is on: the API instances count themselves there to share each source's rate limit.";

    public string DataStoreTableName { get; set; } = "";
}
