using System.ComponentModel.DataAnnotations;

namespace Ingestion.Api.Ordering;

/// <summary>The table that holds the sequence counters: the template's DataStoreTableName output.</summary>
public sealed class SequencerOptions
{
    public const string SectionName = "AWS:Resources";

    [Required(ErrorMessage = "AWS:Resources:DataStoreTableName is required (the template's DataStoreTableName output): the API keeps each source's event sequence there.")]
    public string DataStoreTableName { get; set; } = "";
}
