using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SQS;
using Ingestion.Hosting.AWS.Provisioning;
using Ingestion.Messaging.Sns;
using Ingestion.Tests.Support;

namespace Ingestion.Tests.Provisioning.Emulators;

/// <summary>
/// fauxqs and dynalite on free loopback ports with the production template deployed twice:
/// the first deployment creates, the second must find everything in place.
/// </summary>
public sealed class ProvisionedEmulators : IAsyncLifetime
{
    private static readonly BasicAWSCredentials Credentials = new("test", "test");

    private NodeEmulator? _fauxqs;
    private NodeEmulator? _dynalite;
    private HttpClient? _http;

    public SnsClient Sns { get; private set; } = null!;

    public Uri SnsEndpoint => _fauxqs!.Endpoint;

    public AmazonSQSClient Sqs { get; private set; } = null!;

    public AmazonDynamoDBClient DynamoDb { get; private set; } = null!;

    public AmazonS3Client S3 { get; private set; } = null!;

    public DeploymentResult First { get; private set; } = null!;

    public DeploymentResult Second { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var fauxqs = NodeEmulator.StartFauxqsAsync(cancellationToken);
        var dynalite = NodeEmulator.StartDynaliteAsync(cancellationToken);
        try
        {
            await Task.WhenAll(fauxqs, dynalite);
        }
        finally
        {
            // Keep whichever started, so DisposeAsync stops it even when the other failed.
            _fauxqs = fauxqs.IsCompletedSuccessfully ? fauxqs.Result : null;
            _dynalite = dynalite.IsCompletedSuccessfully ? dynalite.Result : null;
        }

        _http = new HttpClient();
        Sns = new SnsClient(_http, new SnsClientOptions { ServiceUrl = _fauxqs!.Endpoint, Region = "us-east-1", Credentials = Credentials });
        Sqs = new AmazonSQSClient(Credentials, new AmazonSQSConfig { ServiceURL = _fauxqs.Endpoint.ToString(), AuthenticationRegion = "us-east-1" });
        DynamoDb = new AmazonDynamoDBClient(Credentials, new AmazonDynamoDBConfig { ServiceURL = _dynalite!.Endpoint.ToString(), AuthenticationRegion = "us-east-1" });
        S3 = new AmazonS3Client(Credentials, new AmazonS3Config { ServiceURL = _fauxqs.Endpoint.ToString(), AuthenticationRegion = "us-east-1", ForcePathStyle = true });

        var clients = new LocalAwsClients(Sns, Sqs, DynamoDb, S3);
        var deployer = new EmulatorDeployer();
        First = await deployer.DeployAsync(RepositoryFiles.Template, new Dictionary<string, string>(), clients, cancellationToken);
        Second = await deployer.DeployAsync(RepositoryFiles.Template, new Dictionary<string, string>(), clients, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        Sqs?.Dispose();
        DynamoDb?.Dispose();
        S3?.Dispose();
        _http?.Dispose();
        if (_fauxqs is not null)
        {
            await _fauxqs.DisposeAsync();
        }

        if (_dynalite is not null)
        {
            await _dynalite.DisposeAsync();
        }
    }
}
