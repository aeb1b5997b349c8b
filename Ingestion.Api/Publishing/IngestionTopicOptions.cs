using System.ComponentModel.DataAnnotations;
using Ingestion.Messaging.Aws;

namespace Ingestion.Api.Publishing;

/// <summary>The topic events go to: the template's output, injected by the AppHost as AWS__Resources__IngestionTopicArn.</summary>
public sealed class IngestionTopicOptions
{
    public const string SectionName = AwsConfigurationKeys.ResourcesSection;

    [Required]
    [RegularExpression(@"^arn:[^:]+:sns:[^:]*:[^:]*:[A-Za-z0-9_-]{1,251}\.fifo$", ErrorMessage = "IngestionTopicArn must be the ARN of an SNS FIFO topic (…:name.fifo).")]
    public string IngestionTopicArn { get; set; } = "";

    /// <summary>The topic's name, for the messaging.destination.name span attribute.</summary>
    public string TopicName => IngestionTopicArn?[(IngestionTopicArn.LastIndexOf(':') + 1)..] ?? "";
}
