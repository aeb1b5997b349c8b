namespace Ingestion.Messaging.Aws;

/// <summary>
/// The outputs of cloudformation/ingestion.yaml the services read (as
/// <c>AWS:Resources:&lt;name&gt;</c>), written once for the services, Find event, the compute
/// template and the benchmark. A queue's URL output is named by its worker's metadata instead.
/// </summary>
public static class StackOutputNames
{
    public const string IngestionTopicArn = "IngestionTopicArn";
    public const string DataStoreTableName = "DataStoreTableName";
    public const string ArchiveBucketName = "ArchiveBucketName";
    public const string NoiseLocations = "NoiseLocations";
    public const string ApiKeySecretPrefix = "ApiKeySecretPrefix";
    public const string AlertThresholdDecibels = "AlertThresholdDecibels";
}
