namespace Ingestion.Messaging.Aws;

/// <summary>
/// Configuration keys the AppHost injects (docs/internals.md) and every AWS client reads.
/// In AWS the endpoint keys are absent and the SDK's defaults apply.
/// </summary>
public static class AwsConfigurationKeys
{
    public const string Region = "AWS:Region";

    public const string EndpointsSection = "AWS:Endpoints";

    public const string Sns = "SNS";
    public const string Sqs = "SQS";
    public const string DynamoDb = "DynamoDB";
    public const string S3 = "S3";

    /// <summary>
    /// The stack's outputs, one key each (<c>AWS:Resources:DataStoreTableName</c>): what
    /// Aspire.Hosting.AWS's <c>WithReference(stack)</c> writes, and what ECS tasks are given.
    /// </summary>
    public const string ResourcesSection = "AWS:Resources";

    /// <summary>e.g. <c>AWS:Resources:NoiseLocations</c>.</summary>
    public static string Resource(string outputKey) => $"{ResourcesSection}:{outputKey}";

    /// <summary>A configuration key as an environment variable: <c>AWS:Resources:X</c> → <c>AWS__Resources__X</c>.</summary>
    public static string AsEnvironmentVariable(string key) => key.Replace(":", "__", StringComparison.Ordinal);

    /// <summary>e.g. <c>AWS:Endpoints:SQS</c>.</summary>
    public static string Endpoint(string service) => $"{EndpointsSection}:{service}";
}
