using System.ComponentModel.DataAnnotations;
using Ingestion.Messaging.Aws;

namespace Ingestion.Workers.Noise;

/// <summary>
/// The alert threshold, from the template's AlertThresholdDecibels output (AWS:Resources:*): the
/// same number the alert queue's filter uses, so the handler can check what the filter promised.
/// </summary>
internal sealed class AlertOptions
{
    public const string SectionName = AwsConfigurationKeys.ResourcesSection;

    [Required(ErrorMessage = $"{SectionName}:{StackOutputNames.AlertThresholdDecibels} is required for the alerts processor (the template's AlertThresholdDecibels output).")]
    [Range(0, 194)]
    public double? AlertThresholdDecibels { get; set; }
}
