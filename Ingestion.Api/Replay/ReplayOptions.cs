namespace Ingestion.Api.Replay;

/// <summary>The archive and the queues replay can aim at: the template's outputs (AWS:Resources:*).</summary>
public sealed class ReplayOptions
{
    public const string SectionName = "AWS:Resources";

    /// <summary>Longest time range one replay request may cover.</summary>
    public static readonly TimeSpan MaxRange = TimeSpan.FromDays(7);

    public string ArchiveBucketName { get; set; } = "";
}
