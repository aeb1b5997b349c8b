using Ingestion.Messaging.Aws;

namespace Ingestion.Api.Replay;

/// <summary>The archive and the queues replay can aim at: the template's outputs (AWS:Resources:*).</summary>
public sealed class ReplayOptions
{
    public const string SectionName = AwsConfigurationKeys.ResourcesSection;

    public string ArchiveBucketName { get; set; } = "";
}
