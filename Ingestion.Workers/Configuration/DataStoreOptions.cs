using System.ComponentModel.DataAnnotations;

namespace Ingestion.Workers.Configuration;

/// <summary>Bound from <c>AWS:Resources</c>: the template's outputs, injected by the AppHost.</summary>
internal sealed class DataStoreOptions
{
    public const string SectionName = "AWS:Resources";

    [Required(ErrorMessage = "AWS:Resources:DataStoreTableName is required (the template's DataStoreTableName output).")]
    public string DataStoreTableName { get; set; } = "";
}
