using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SQS;
using Ingestion.Hosting.AWS.Provisioning;
using Ingestion.Messaging.Sns;

namespace Ingestion.Hosting.AWS.CloudFormation;

/// <summary>
/// The AWS the services talk to: the local emulators (endpoints + dummy keys they accept) or
/// the real account (no endpoints, the standard credential chain). What gets injected into
/// every service as AWS__* variables, and clients for the AppHost's own use.
/// </summary>
public sealed class AwsEnvironment(string region, Uri? fauxqs, Uri? dynalite)
{
    // Emulators accept any key; these are not secrets, and never used against AWS.
    private static readonly BasicAWSCredentials EmulatorCredentials = new("test", "test");

    public string Region { get; } = region;

    public Uri? SnsSqsS3Endpoint { get; } = fauxqs;

    public Uri? DynamoDbEndpoint { get; } = dynalite;

    public bool IsLocal => SnsSqsS3Endpoint is not null;

    public IReadOnlyDictionary<string, string> ServiceEnvironment()
    {
        var environment = new Dictionary<string, string> { ["AWS__Region"] = Region, ["AWS_REGION"] = Region };
        if (IsLocal)
        {
            environment["AWS_ACCESS_KEY_ID"] = "test";
            environment["AWS_SECRET_ACCESS_KEY"] = "test";
            environment["AWS__Endpoints__SNS"] = SnsSqsS3Endpoint!.ToString();
            environment["AWS__Endpoints__SQS"] = SnsSqsS3Endpoint.ToString();
            environment["AWS__Endpoints__S3"] = SnsSqsS3Endpoint.ToString();
            environment["AWS__Endpoints__DynamoDB"] = DynamoDbEndpoint!.ToString();
        }

        return environment;
    }

    public AmazonSQSClient CreateSqsClient() => IsLocal
        ? new AmazonSQSClient(EmulatorCredentials, new AmazonSQSConfig { ServiceURL = SnsSqsS3Endpoint!.ToString(), AuthenticationRegion = Region })
        : new AmazonSQSClient(Amazon.RegionEndpoint.GetBySystemName(Region));

    public AmazonDynamoDBClient CreateDynamoDbClient() => IsLocal
        ? new AmazonDynamoDBClient(EmulatorCredentials, new AmazonDynamoDBConfig { ServiceURL = DynamoDbEndpoint!.ToString(), AuthenticationRegion = Region })
        : new AmazonDynamoDBClient(Amazon.RegionEndpoint.GetBySystemName(Region));

    public AmazonS3Client CreateS3Client() => IsLocal
        ? new AmazonS3Client(EmulatorCredentials, new AmazonS3Config { ServiceURL = SnsSqsS3Endpoint!.ToString(), AuthenticationRegion = Region, ForcePathStyle = true })
        : new AmazonS3Client(Amazon.RegionEndpoint.GetBySystemName(Region));

    public SnsClient CreateSnsClient(HttpClient http) =>
        new(http, new SnsClientOptions { ServiceUrl = SnsSqsS3Endpoint, Region = Region, Credentials = IsLocal ? EmulatorCredentials : null });

    public LocalAwsClients CreateLocalClients(HttpClient http) =>
        new(CreateSnsClient(http), CreateSqsClient(), CreateDynamoDbClient(), CreateS3Client());
}
