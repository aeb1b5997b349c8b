using Ingestion.Messaging.Aws;

namespace Ingestion.Api.Access;

/// <summary>
/// The data store table, the template's DataStoreTableName output: where the API instances count
/// themselves and where each replay's state is kept.
/// </summary>
public sealed class DataStoreTableOptions
{
    public const string SectionName = AwsConfigurationKeys.ResourcesSection;

    public const string Missing = $"{AwsConfigurationKeys.ResourcesSection}:{StackOutputNames.DataStoreTableName} is required (the template's DataStoreTableName output) while RateLimits:ShareAcrossInstances is on: the API instances count themselves there to share each source's rate limit.";

    public string DataStoreTableName { get; set; } = "";
}
