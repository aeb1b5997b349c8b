using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SQS;
using Ingestion.Hosting.AWS.Provisioning;
using Ingestion.Messaging.Sns;
using Ingestion.Tests.Provisioning;

namespace Ingestion.Tests.Support;

/// <summary>
/// The emulators the integration tests share, started once per test run (an xunit assembly
/// fixture): fauxqs and dynalite with the production template deployed into them by the
/// CloudFormation interpreter, as the AppHost does, so the data store table is the template's
/// own; and a second, empty fauxqs where tests make queues of their own. Those queues are apart
/// because some tests make queues with the template's names but other attributes, which one
/// fauxqs would refuse (QueueNameExists). Tests share them by using names and keys of their own.
/// </summary>
public sealed class EmulatorsOfTheRun : IAsyncLifetime
{
    public static readonly BasicAWSCredentials Credentials = new("test", "test");

    private NodeEmulator? _stackFauxqs;
    private NodeEmulator? _stackDynalite;
    private NodeEmulator? _scratchFauxqs;
    private HttpClient? _http;

    /// <summary>SNS, SQS and S3 holding the deployed stack.</summary>
    public Uri StackFauxqsEndpoint => _stackFauxqs!.Endpoint;

    /// <summary>DynamoDB holding the stack's table.</summary>
    public Uri DynaliteEndpoint => _stackDynalite!.Endpoint;

    /// <summary>SQS (and SNS, S3) with nothing deployed: for the queues tests make themselves.</summary>
    public Uri ScratchFauxqsEndpoint => _scratchFauxqs!.Endpoint;

    /// <summary>The clients the stack was deployed with.</summary>
    public LocalAwsClients Stack { get; private set; } = null!;

    /// <summary>The template's first deployment into the emulators: what it created and its outputs.</summary>
    public DeploymentResult Deployment { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var stackFauxqs = NodeEmulator.StartFauxqsAsync(cancellationToken);
        var stackDynalite = NodeEmulator.StartDynaliteAsync(cancellationToken);
        var scratchFauxqs = NodeEmulator.StartFauxqsAsync(cancellationToken);
        try
        {
            await Task.WhenAll(stackFauxqs, stackDynalite, scratchFauxqs);
        }
        finally
        {
            // Keep whichever started, so DisposeAsync stops it even when another failed.
            _stackFauxqs = stackFauxqs.IsCompletedSuccessfully ? stackFauxqs.Result : null;
            _stackDynalite = stackDynalite.IsCompletedSuccessfully ? stackDynalite.Result : null;
            _scratchFauxqs = scratchFauxqs.IsCompletedSuccessfully ? scratchFauxqs.Result : null;
        }

        _http = new HttpClient();
        Stack = new LocalAwsClients(
            new SnsClient(_http, new SnsClientOptions { ServiceUrl = StackFauxqsEndpoint, Region = "us-east-1", Credentials = Credentials }),
            new AmazonSQSClient(Credentials, new AmazonSQSConfig { ServiceURL = StackFauxqsEndpoint.ToString(), AuthenticationRegion = "us-east-1" }),
            CreateDynamoDbClient(),
            new AmazonS3Client(Credentials, new AmazonS3Config { ServiceURL = StackFauxqsEndpoint.ToString(), AuthenticationRegion = "us-east-1", ForcePathStyle = true }));
        Deployment = await DeployTemplateAsync(cancellationToken);
    }

    /// <summary>Deploys the production template again into the stack's emulators (a redeploy finds everything in place).</summary>
    public Task<DeploymentResult> DeployTemplateAsync(CancellationToken cancellationToken) =>
        DeployTemplateAsync(new Dictionary<string, string>(), cancellationToken);

    /// <summary>
    /// Deploys the production template into the stack's emulators with these parameters: with a
    /// NamePrefix of its own, a second stack beside the first (its own topic, queues, bucket and
    /// table), for tests whose services must not meet the first stack's.
    /// </summary>
    public Task<DeploymentResult> DeployTemplateAsync(IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken) =>
        new EmulatorDeployer().DeployAsync(RepositoryFiles.Template, parameters, Stack, cancellationToken);

    /// <summary>A DynamoDB client of the caller's own (disposed by it) on the stack's dynalite; no retries, so faults show.</summary>
    public AmazonDynamoDBClient CreateDynamoDbClient() =>
        new(Credentials, new AmazonDynamoDBConfig { ServiceURL = DynaliteEndpoint.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });

    /// <summary>An SQS client of the caller's own (disposed by it) on the scratch fauxqs; no retries, so faults show.</summary>
    public AmazonSQSClient CreateScratchSqsClient() =>
        new(Credentials, new AmazonSQSConfig { ServiceURL = ScratchFauxqsEndpoint.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });

    public async ValueTask DisposeAsync()
    {
        (Stack?.Sqs as IDisposable)?.Dispose();
        (Stack?.DynamoDb as IDisposable)?.Dispose();
        (Stack?.S3 as IDisposable)?.Dispose();
        _http?.Dispose();
        foreach (var emulator in new[] { _stackFauxqs, _stackDynalite, _scratchFauxqs })
        {
            if (emulator is not null)
            {
                await emulator.DisposeAsync();
            }
        }
    }
}
