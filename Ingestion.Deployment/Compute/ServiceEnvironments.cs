using System.Text.Json.Nodes;
using Ingestion.Hosting.AWS.CloudFormation;
using Ingestion.Messaging;
using Ingestion.Topology.Metadata;
using Ingestion.Messaging.Aws;

namespace Ingestion.Deployment.Compute;

/// <summary>
/// The environment of each ECS task: the keys and values the AppHost gives the same service
/// (<see cref="WorkerEnvironment"/>, <see cref="AwsEnvironment"/>, the stack's outputs as
/// AWS__Resources__*), limited to the outputs the service reads, plus where it runs: Production,
/// and the collector sidecar as its OTLP endpoint.
/// </summary>
internal static class ServiceEnvironments
{
    /// <summary>The sidecar collector in the same task (awsvpc: containers share localhost), OTLP over gRPC.</summary>
    public const string CollectorEndpoint = "http://127.0.0.1:4317";

    /// <summary>The port the API listens on in its container; the load balancer's target group sends there.</summary>
    public const int ApiPort = 8080;

    /// <summary>Outputs every worker reads (DataStoreOptions is validated at start-up in every worker), and those one processor reads.</summary>
    private static readonly string[] WorkerOutputs = [StackOutputNames.DataStoreTableName];

    private static readonly Dictionary<string, string[]> ProcessorOutputs = new(StringComparer.Ordinal)
    {
        [WorkerProcessorNames.Alerts] = [StackOutputNames.AlertThresholdDecibels],
        [WorkerProcessorNames.Archive] = [StackOutputNames.ArchiveBucketName],
    };

    /// <summary>The outputs the API reads, besides every subscriber queue's URL (where a replay may send).</summary>
    private static readonly string[] ApiOutputs = [StackOutputNames.IngestionTopicArn, StackOutputNames.DataStoreTableName, StackOutputNames.ArchiveBucketName, StackOutputNames.NoiseLocations, StackOutputNames.ApiKeySecretPrefix];

    public static SortedDictionary<string, JsonNode> Worker(WorkerDeclaration worker)
    {
        var environment = Common($"worker-{worker.Name}");
        foreach (var (key, value) in WorkerEnvironment.Of<JsonNode>(worker, Cfn.Import, text => JsonValue.Create(text)))
        {
            environment[key] = value;
        }

        foreach (var output in WorkerOutputs.Concat(ProcessorOutputs.GetValueOrDefault(worker.Processor, [])))
        {
            environment[Resources(output)] = Cfn.Import(output);
        }

        return environment;
    }

    public static SortedDictionary<string, JsonNode> Api(IEnumerable<WorkerDeclaration> workers)
    {
        var environment = Common("api");
        foreach (var output in ApiOutputs.Concat(workers.Select(w => w.QueueUrlOutput)))
        {
            environment[Resources(output)] = Cfn.Import(output);
        }

        // As `--target aws` does (Ingestion.AppHost/ApiKeys.cs): keys from Secrets Manager, <prefix><caller>.
        environment["ApiKeySecrets__Enabled"] = "true";
        // The instances share each source's rate limit by counting themselves in the table; when the
        // table does not answer, each enforces limit ÷ this (the most tasks the service scales to).
        environment[ApiEnvironment.RateLimitInstances] = Cfn.Ref("ApiMaxTasks");
        environment["ASPNETCORE_HTTP_PORTS"] = ApiPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return environment;
    }

    public static JsonArray ToContainerEnvironment(SortedDictionary<string, JsonNode> environment) =>
        [.. environment.Select(pair => new JsonObject { ["Name"] = pair.Key, ["Value"] = pair.Value.DeepClone() })];

    private static string Resources(string output) => AwsConfigurationKeys.AsEnvironmentVariable(AwsConfigurationKeys.Resource(output));

    private static SortedDictionary<string, JsonNode> Common(string serviceName)
    {
        // What the AppHost gives every service about AWS with --target aws: the region (no endpoints, no keys: the task role).
        const string Region = "stack-region";
        var environment = new SortedDictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var (key, value) in new AwsEnvironment(Region, null, null).ServiceEnvironment())
        {
            environment[key] = value == Region ? Cfn.Ref("AWS::Region") : JsonValue.Create(value);
        }

        environment["DOTNET_ENVIRONMENT"] = "Production";
        environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = CollectorEndpoint;
        environment["OTEL_SERVICE_NAME"] = serviceName;
        return environment;
    }
}
