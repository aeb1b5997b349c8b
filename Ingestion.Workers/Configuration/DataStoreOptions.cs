using System.ComponentModel.DataAnnotations;
using Ingestion.Messaging.Aws;

namespace Ingestion.Workers.Configuration;

/// <summary>Bound from <c>AWS:Resources</c>: the template's outputs, injected by the AppHost.</summary>
internal sealed class DataStoreOptions
{
    public const string SectionName = AwsConfigurationKeys.ResourcesSection;

    [Required(ErrorMessage = $"{SectionName}:{StackOutputNames.DataStoreTableName} is required (the template's DataStoreTableName output).")]
    public string DataStoreTableName { get; set; } = "";

    /// <summary>
    /// How long an applied record (an event's proof of having been stored) is kept before DynamoDB's
    /// TTL deletes it: a resend of an event_id within this time is recognised; after it, it counts as new.
    /// </summary>
    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00")]
    public TimeSpan AppliedRecordRetention { get; set; } = TimeSpan.FromDays(7);
}
