using Ingestion.Hosting.AWS.CloudFormation;
using Ingestion.Tests.Provisioning;
using Ingestion.Tests.Support;
using Ingestion.Topology.Metadata;
using Ingestion.Hosting.AWS.Provisioning.Template;

namespace Ingestion.Tests.Deployment;

/// <summary>
/// What a task finds around it on AWS, locally: the template deployed into fauxqs and dynalite
/// (the run's, <see cref="EmulatorsOfTheRun"/>) as a stack of its own (NamePrefix "tasks": the API
/// task counts its instances in its own table, the workers drain their own queues), the API keys
/// as Secrets Manager secrets (the run's moto), and the ECS container-credentials endpoint.
/// <see cref="ApiEnvironment"/> and <see cref="WorkerEnvironment"/> are the environment each task
/// gets; only the AWS__Endpoints__* (and the loopback URL) are local additions.
/// </summary>
public sealed class TaskEnvironment(EmulatorsOfTheRun emulators, MotoSecretsManager secrets) : IAsyncLifetime
{
    public const string Region = "us-east-1";

    private static readonly string[] Principals = ["sourceA", "sourceB", "sourceC", "noise", "admin"];

    private ContainerCredentialsEndpoint? _credentials;

    public StackOutputs Stack { get; private set; } = null!;

    public Uri DynamoDbEndpoint => emulators.DynaliteEndpoint;

    public string SecretPrefix { get; } = $"tasks-{Guid.NewGuid():N}/api-keys/";

    internal int CredentialsServed => _credentials!.Served;

    public static string ApiKey(string principal) => $"task-key-{principal}-0123456789abcdef";

    public async ValueTask InitializeAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        Stack = (await emulators.DeployTemplateAsync(new Dictionary<string, string> { ["NamePrefix"] = "tasks" }, cancellationToken)).Outputs;
        _credentials = await ContainerCredentialsEndpoint.StartAsync(cancellationToken);
        foreach (var principal in Principals)
        {
            await secrets.PutSecretAsync(SecretPrefix + principal, $$"""{"previous":"","current":"{{ApiKey(principal)}}"}""");
        }
    }

    /// <summary>The API task's environment: the stack's outputs, Secrets Manager for the keys, the task role through the container endpoint.</summary>
    public IReadOnlyDictionary<string, string> ApiEnvironment(int port)
    {
        var environment = Common(port);
        environment["ApiKeySecrets__Enabled"] = "true";
        environment["AWS__Resources__ApiKeySecretPrefix"] = SecretPrefix;
        environment["AWS__Endpoints__SecretsManager"] = secrets.Endpoint.ToString();
        return environment;
    }

    /// <summary>A worker task's environment: the stack's outputs and the worker's declaration from the template's metadata.</summary>
    public IReadOnlyDictionary<string, string> WorkerEnvironment(string name, int port)
    {
        var worker = WorkerMetadataReader.Read(CloudFormationTemplate.Load(RepositoryFiles.Template), Stack.Outputs).Single(declared => declared.Name == name);
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
            ["AWS__Endpoints__SNS"] = emulators.StackFauxqsEndpoint.ToString(),
            ["AWS__Endpoints__SQS"] = emulators.StackFauxqsEndpoint.ToString(),
            ["AWS__Endpoints__S3"] = emulators.StackFauxqsEndpoint.ToString(),
            ["AWS__Endpoints__DynamoDB"] = emulators.DynaliteEndpoint.ToString(),
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
        };
        foreach (var (key, value) in Stack.Outputs)
        {
            environment[$"AWS__Resources__{key}"] = value;
        }

        return environment;
    }
}
