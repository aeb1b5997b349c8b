namespace Ingestion.Api.Replay;

/// <summary>The archive and the queues replay can aim at: the template's outputs (AWS:Resources:*).</summary>
public sealed class ReplayOptions
{
    public const string SectionName = "AWS:Resources";

    public string ArchiveBucketName { get; set; } = "";

    /// <summary>Where each replay's state is kept (<see cref="ReplayJobStore"/>), so every API instance answers for it.</summary>
    public string DataStoreTableName { get; set; } = "";
}
