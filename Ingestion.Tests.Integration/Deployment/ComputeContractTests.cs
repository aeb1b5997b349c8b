using System.Text.Json.Nodes;
using Ingestion.Deployment.Compute;
using Ingestion.Hosting.AWS.CloudFormation;
using Ingestion.Hosting.AWS.Provisioning;
using Ingestion.Hosting.AWS.Provisioning.Template;
using Ingestion.Tests.Iam;
using Ingestion.Tests.Provisioning;
using Ingestion.Topology.Metadata;

namespace Ingestion.Tests.Deployment;

/// <summary>
/// The compute stack against the data plane and the code, at Chicago's 77 neighbourhoods: every
/// declared worker has an ECS service; every variable a task receives is one its service reads, with
/// the value the AppHost gives that service locally (outputs compared by name: an import of output K
/// where the AppHost passes output K); every import has its export; every task role trusts ECS tasks.
/// </summary>
public sealed class ComputeContractTests
{
    /// <summary>Where the service runs rather than what it is: these differ from the AppHost's values on purpose.</summary>
    private static readonly Dictionary<string, string> PlatformVariables = new(StringComparer.Ordinal)
    {
        ["DOTNET_ENVIRONMENT"] = "Production, as AWS is production; the AppHost gives its own environment's name",
        ["ASPNETCORE_ENVIRONMENT"] = "the same",
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "the collector sidecar, where the AppHost gives the dashboard",
        ["ASPNETCORE_HTTP_PORTS"] = "the container port the target group sends to, where the AppHost gives a loopback port",
        ["RateLimits__ApiInstances"] = "the most API tasks, which each divides its limits by when the table cannot count them; locally one API runs",
    };

    private static readonly CloudFormationTemplate DataPlane = CloudFormationTemplate.Load(RepositoryFiles.Template);

    private static readonly Dictionary<string, string> Chicago = new() { ["Neighbourhoods"] = ChicagoCommunityAreas.Parameter };

    private static readonly JsonObject Compute = ComputeTemplate.Create(DataPlane, Chicago);

    private static readonly IReadOnlyList<WorkerDeclaration> Workers = ReadWorkers();

    private static JsonObject Resources => Compute["Resources"]!.AsObject();

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TheComputeTemplatePassesCfnLintAndFitsCloudFormationsLimits(bool chicago)
    {
        var compute = chicago ? Compute : ComputeTemplate.Create(DataPlane, new Dictionary<string, string>());
        using var file = await TemporaryFile.WriteAsync(compute.ToJsonString(), ".json", Cancellation);

        var (exitCode, output) = await CfnLintTests.LintAsync(file.Path);

        Assert.True(exitCode == 0, $"cfn-lint on the compute template ({(chicago ? 77 : 3)} neighbourhoods):\n{output}");
        Assert.InRange(compute["Resources"]!.AsObject().Count, 1, 500);
        Assert.InRange(compute["Outputs"]!.AsObject().Count, 1, 200);
        Assert.InRange(new FileInfo(file.Path).Length, 1, 1_000_000);
    }

    [Fact]
    public void EveryWorkerTheDataPlaneDeclaresHasAnEcsService()
    {
        Assert.Equal(83, Workers.Count);
        var servicesByWorker = Services().Select(s => Environment(TaskOf(s)).GetValueOrDefault("Worker__Name")).OfType<string>().ToList();

        Assert.Equal(Workers.Select(w => w.Name).Order(), servicesByWorker.Order());
        Assert.Single(Services(), s => !Environment(TaskOf(s)).ContainsKey("Worker__Name"));
    }

    [Fact]
    public void EveryVariableAWorkerTaskReceivesIsOneItReadsWithTheValueTheAppHostGivesIt()
    {
        var read = ConfigurationKeysRead.Of("Ingestion.Workers", "Ingestion.Messaging", "Ingestion.ServiceDefaults");
        foreach (var worker in Workers)
        {
            var local = AppHostEnvironment($"worker-{worker.Name}");
            foreach (var (key, value) in WorkerEnvironment.Of(worker, output => $"output:{output}", text => text))
            {
                local[key] = value;
            }

            var task = Environment(Resources[$"{LogicalIds.Of(worker.Name)}Task"]!);
            AssertMatches($"worker-{worker.Name}", task, local, read, aReadKey: _ => false);
            Assert.All(WorkerEnvironment.Of(worker, o => o, t => t).Keys, key => Assert.Contains(key, task.Keys));
        }
    }

    [Fact]
    public void EveryVariableTheApiTaskReceivesIsOneItReadsWithTheValueTheAppHostGivesIt()
    {
        var read = ConfigurationKeysRead.Of("Ingestion.Api", "Ingestion.Messaging", "Ingestion.ServiceDefaults");
        var local = AppHostEnvironment("api");
        // `--target aws` (Ingestion.AppHost/ApiKeys.cs, WithApiKeysFromSecretsManager): the keys come from Secrets Manager.
        local["ApiKeySecrets__Enabled"] = "true";
        var task = Environment(Resources["ApiTask"]!);

        // A replay reads every AWS:Resources value that is a queue URL (Ingestion.Api/Replay/SubscriberQueues.cs).
        AssertMatches("api", task, local, read, aReadKey: key => key.StartsWith("AWS__Resources__", StringComparison.Ordinal));
        Assert.All(Workers, worker => Assert.Equal($"output:{worker.QueueUrlOutput}", task[$"AWS__Resources__{worker.QueueUrlOutput}"]));
        Assert.Contains(ConfigurationKeysRead.KeyOf("RateLimits__ApiInstances"), read);
        Assert.Equal("parameter:ApiMaxTasks", task["RateLimits__ApiInstances"]);
    }

    [Fact]
    public void EveryImportHasItsExportInTheDataPlane()
    {
        var imports = Imports(Compute).ToHashSet(StringComparer.Ordinal);
        var exported = DataPlane.WithParameterOverrides(Chicago).Outputs
            .Where(o => o.Value?["Export"]?["Name"]?["Fn::Sub"]?.GetValue<string>() == $"${{AWS::StackName}}-{o.Key}")
            .Select(o => o.Key)
            .ToHashSet(StringComparer.Ordinal);

        Assert.True(imports.Count > 170, $"{imports.Count} imports");
        Assert.Empty(imports.Except(exported));
    }

    [Fact]
    public void EveryTaskRunsAsTheDataPlanesRoleForItsServiceWhichTrustsEcsTasks()
    {
        var roles = new TemplateRoles(RepositoryFiles.Template, parameters: Chicago);
        foreach (var service in Services())
        {
            var task = TaskOf(service);
            var process = Environment(task).TryGetValue("Worker__Name", out var name) ? $"worker-{name}" : "api";
            var role = roles.RoleFor(process);

            Assert.Equal(roles.ArnOf(role), ResolveRoleArn(task["Properties"]!["TaskRoleArn"]!, roles));
            var trust = roles.Properties(role)["AssumeRolePolicyDocument"]!["Statement"]!.AsArray();
            var statement = Assert.Single(trust)!;
            Assert.Equal("ecs-tasks.amazonaws.com", statement["Principal"]!["Service"]!.GetValue<string>());
            Assert.Equal("sts:AssumeRole", statement["Action"]!.GetValue<string>());
        }
    }

    [Fact]
    public void EveryTaskStopsWithinTheTimeItsWorkerNeedsToFinishItsBatch()
    {
        // The worker host's shutdown timeout is its poller's grace (20 s) + 20 s (IngestionWorkerExtensions).
        const int workerShutdownSeconds = 20 + 20;
        foreach (var task in Services().Select(TaskOf))
        {
            var app = task["Properties"]!["ContainerDefinitions"]!.AsArray()[0]!;
            Assert.True(app["StopTimeout"]!.GetValue<int>() > workerShutdownSeconds);
            Assert.InRange(app["StopTimeout"]!.GetValue<int>(), 1, 120);
        }
    }

    private static void AssertMatches(string service, Dictionary<string, string> task, Dictionary<string, string> local, IReadOnlySet<string> read, Func<string, bool> aReadKey)
    {
        foreach (var (key, value) in task)
        {
            if (PlatformVariables.ContainsKey(key))
            {
                continue;
            }

            Assert.True(read.Contains(ConfigurationKeysRead.KeyOf(key)) || aReadKey(key) || key is "OTEL_SERVICE_NAME" or "AWS_REGION",
                $"{service} receives {key}, which it does not read");
            Assert.True(local.TryGetValue(key, out var expected), $"{service} receives {key}, which the AppHost does not give it");
            Assert.True(expected == value, $"{service}: {key} is {value} on ECS but {expected} from the AppHost");
        }

        Assert.Equal("Production", task["DOTNET_ENVIRONMENT"]);
        Assert.Equal("Production", task["ASPNETCORE_ENVIRONMENT"]);
    }

    /// <summary>What the AppHost gives every service with `--target aws`, symbolically: outputs by name, the region as the stack's.</summary>
    private static Dictionary<string, string> AppHostEnvironment(string resourceName)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["OTEL_SERVICE_NAME"] = resourceName };
        foreach (var (key, value) in new AwsEnvironment("stack-region", null, null).ServiceEnvironment())
        {
            environment[key] = value == "stack-region" ? "region" : value;
        }

        foreach (var output in DataPlane.WithParameterOverrides(Chicago).Outputs.Select(o => o.Key))
        {
            environment[$"AWS__Resources__{output}"] = $"output:{output}";
        }

        return environment;
    }

    private static IEnumerable<JsonObject> Services() =>
        Resources.Where(r => r.Value!["Type"]!.GetValue<string>() == "AWS::ECS::Service").Select(r => r.Value!.AsObject());

    private static JsonNode TaskOf(JsonObject service) => Resources[service["Properties"]!["TaskDefinition"]!["Ref"]!.GetValue<string>()]!;

    private static Dictionary<string, string> Environment(JsonNode task) =>
        task["Properties"]!["ContainerDefinitions"]!.AsArray()[0]!["Environment"]!.AsArray().ToDictionary(
            e => e!["Name"]!.GetValue<string>(),
            e => e!["Value"] switch
            {
                var v when Cfn.ImportedOutput(v) is { } output => $"output:{output}",
                JsonObject { Count: 1 } r when r["Ref"]?.GetValue<string>() == "AWS::Region" => "region",
                JsonObject { Count: 1 } r when r["Ref"] is { } parameter => $"parameter:{parameter.GetValue<string>()}",
                var v => v!.GetValue<string>(),
            },
            StringComparer.Ordinal);

    private static IEnumerable<string> Imports(JsonNode? node) => node switch
    {
        JsonObject obj when Cfn.ImportedOutput(obj) is { } output => [output],
        JsonObject obj => obj.SelectMany(p => Imports(p.Value)),
        JsonArray list => list.SelectMany(Imports),
        _ => [],
    };

    /// <summary>The task role's ARN as CloudFormation would resolve it in the template's account (TemplateRoles).</summary>
    private static string ResolveRoleArn(JsonNode arn, TemplateRoles roles)
    {
        if (Cfn.ImportedOutput(arn) is { } output)
        {
            var getAtt = DataPlane.Outputs[output]!["Value"]!["Fn::GetAtt"]!.AsArray();
            return roles.ArnOf(getAtt[0]!.GetValue<string>());
        }

        return arn["Fn::Sub"]![0]!.GetValue<string>()
            .Replace("${AWS::Partition}", TemplateRoles.Partition, StringComparison.Ordinal)
            .Replace("${AWS::AccountId}", TemplateRoles.AccountId, StringComparison.Ordinal)
            .Replace("${NamePrefix}", "ingestion", StringComparison.Ordinal);
    }

    private static IReadOnlyList<WorkerDeclaration> ReadWorkers()
    {
        var dataPlane = DataPlane.WithParameterOverrides(Chicago);
        return WorkerMetadataReader.Read(dataPlane, dataPlane.Outputs.ToDictionary(o => o.Key, _ => ""));
    }
}
