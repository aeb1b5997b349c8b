using System.ComponentModel.DataAnnotations;

namespace Ingestion.Api.Access;

/// <summary>The table where the API instances count themselves: the template's DataStoreTableName output.</summary>
public sealed class DataStoreTableOptions
{
    public const string SectionName = "AWS:Resources";

    [Required(ErrorMessage = "AWS:Resources:DataStoreTableName is required (the template's DataStoreTableName output): the API instances count themselves there to share each source's rate limit.")]
    public string DataStoreTableName { get; set; } = "";
}
