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

    /// <summary>e.g. <c>AWS:Endpoints:SQS</c>.</summary>
    public static string Endpoint(string service) => $"{EndpointsSection}:{service}";
}
