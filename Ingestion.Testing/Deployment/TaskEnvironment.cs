using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SQS;
using Ingestion.Hosting.AWS.CloudFormation;
using Ingestion.Hosting.AWS.Provisioning;
using Ingestion.Messaging.Sns;
using Ingestion.Tests.Provisioning;
using Ingestion.Tests.Support;

namespace Ingestion.Tests.Deployment;

/// <summary>
/// What a task finds around it on AWS, locally: the template deployed into fauxqs and dynalite,
/// the API keys as Secrets Manager secrets (moto's), and the ECS container-credentials endpoint.
/// <see cref="ApiEnvironment"/> and <see cref="WorkerEnvironment"/> are the environment each task
/// gets; only the AWS__Endpoints__* (and the loopback URL) are local additions.
/// </summary>
public sealed class TaskEnvironment : IAsyncLifetime
{
    public const string Region = "us-east-1";

    private static readonly string[] Principals = ["sourceA", "sourceB", "sourceC", "noise", "admin"];

    private readonly MotoSecretsManager _secrets = new();
    private NodeEmulator? _fauxqs;
    private NodeEmulator? _dynalite;
    private ContainerCredentialsEndpoint? _credentials;

    public StackOutputs Stack { get; private set; } = null!;

    public Uri DynamoDbEndpoint => _dynalite!.Endpoint;

    public string SecretPrefix { get; } = $"tasks-{Guid.NewGuid():N}/api-keys/";

    internal int CredentialsServed => _credentials!.Served;

    public static string ApiKey(string principal) => $"task-key-{principal}-0123456789abcdef";

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var fauxqs = NodeEmulator.StartFauxqsAsync(cancellationToken);
        var dynalite = NodeEmulator.StartDynaliteAsync(cancellationToken);
        var secrets = _secrets.InitializeAsync().AsTask();
        var credentials = ContainerCredentialsEndpoint.StartAsync(cancellationToken);
        try
        {
            await Task.WhenAll(fauxqs, dynalite, secrets, credentials);
        }
        finally
        {
            _fauxqs = fauxqs.IsCompletedSuccessfully ? fauxqs.Result : null;
            _dynalite = dynalite.IsCompletedSuccessfully ? dynalite.Result : null;
            _credentials = credentials.IsCompletedSuccessfully ? credentials.Result : null;
        }

        var keys = new BasicAWSCredentials("test", "test");
        using var http = new HttpClient();
        using var sqs = new AmazonSQSClient(keys, new AmazonSQSConfig { ServiceURL = _fauxqs!.Endpoint.ToString(), AuthenticationRegion = Region });
        using var dynamoDb = new AmazonDynamoDBClient(keys, new AmazonDynamoDBConfig { ServiceURL = _dynalite!.Endpoint.ToString(), AuthenticationRegion = Region });
        using var s3 = new AmazonS3Client(keys, new AmazonS3Config { ServiceURL = _fauxqs.Endpoint.ToString(), AuthenticationRegion = Region, ForcePathStyle = true });
        var sns = new SnsClient(http, new SnsClientOptions { ServiceUrl = _fauxqs.Endpoint, Region = Region, Credentials = keys });
        var deployment = await new EmulatorDeployer().DeployAsync(RepositoryFiles.Template, new Dictionary<string, string>(), new LocalAwsClients(sns, sqs, dynamoDb, s3), cancellationToken);
        Stack = deployment.Outputs;

        foreach (var principal in Principals)
        {
            await _secrets.PutSecretAsync(SecretPrefix + principal, $$"""{"previous":"","current":"{{ApiKey(principal)}}"}""");
        }
    }

    /// <summary>The API task's environment: the stack's outputs, Secrets Manager for the keys, the task role through the container endpoint.</summary>
    public IReadOnlyDictionary<string, string> ApiEnvironment(int port)
    {
        var environment = Common(port);
        environment["ApiKeySecrets__Enabled"] = "true";
        environment["AWS__Resources__ApiKeySecretPrefix"] = SecretPrefix;
        environment["AWS__Endpoints__SecretsManager"] = _secrets.Endpoint.ToString();
        return environment;
    }

    /// <summary>A worker task's environment: the stack's outputs and the worker's declaration from the template's metadata.</summary>
    public IReadOnlyDictionary<string, string> WorkerEnvironment(string name, int port)
    {
        var worker = Stack.Workers.Single(declared => declared.Name == name);
        var environment = Common(port);
        environment["Worker__Name"] = worker.Name;
        environment["Worker__Processor"] = worker.Processor;
        environment["Worker__QueueUrl"] = Stack.Outputs[worker.QueueUrlOutput];
        environment["Worker__DeadLetterQueueUrl"] = Stack.Outputs[worker.DeadLetterQueueUrlOutput];
        return environment;
    }

    public async ValueTask DisposeAsync()
    {
        if (_credentials is not null)
        {
            await _credentials.DisposeAsync();
        }

        if (_fauxqs is not null)
        {
            await _fauxqs.DisposeAsync();
        }

        if (_dynalite is not null)
        {
            await _dynalite.DisposeAsync();
        }

        await _secrets.DisposeAsync();
    }

    private Dictionary<string, string> Common(int port)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            // ECS sets these two for every task; the region also as the services' own key.
            ["AWS_REGION"] = Region,
            ["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = _credentials!.Uri.ToString(),
            ["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = ContainerCredentialsEndpoint.Token,
            ["AWS__Region"] = Region,
            // Local only: the emulators instead of AWS's endpoints, and loopback instead of the image's 0.0.0.0:8080.
            ["AWS__Endpoints__SNS"] = _fauxqs!.Endpoint.ToString(),
            ["AWS__Endpoints__SQS"] = _fauxqs.Endpoint.ToString(),
            ["AWS__Endpoints__S3"] = _fauxqs.Endpoint.ToString(),
            ["AWS__Endpoints__DynamoDB"] = _dynalite!.Endpoint.ToString(),
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
        };
        foreach (var (key, value) in Stack.Outputs)
        {
            environment[$"AWS__Resources__{key}"] = value;
        }

        return environment;
    }
}
