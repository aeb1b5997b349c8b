using System.Text.Json.Nodes;
using Ingestion.Deployment.Compute;
using Ingestion.Hosting.AWS.Provisioning;
using Ingestion.Hosting.AWS.Provisioning.Template;
using Ingestion.Tests.Provisioning;
using Ingestion.Topology.Metadata;

namespace Ingestion.Tests.Deployment;

/// <summary>
/// The data plane and the compute stack deployed together into moto's CloudFormation: the compute
/// stack's imports resolve against the data plane's exports, every worker becomes an ECS service
/// whose task runs as the data plane's role with its queue's URL, and the API sits behind a load
/// balancer. moto runs no AWS::LanguageExtensions transform, so the data plane goes in as our
/// interpreter expands it (what the transform does on AWS); moto does not model Application Auto
/// Scaling, CloudWatch alarms, SNS subscriptions, queue or bucket policies or secrets (it accepts
/// or skips them), so those are checked by cfn-lint and the contract tests, not here.
/// </summary>
public sealed class MotoDeploymentTests(MotoStacks moto) : IClassFixture<MotoStacks>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheDataPlaneAndTheComputeStackDeployTogether()
    {
        var dataPlane = CloudFormationTemplate.Load(RepositoryFiles.Template);
        var expanded = dataPlane.Root.DeepClone().AsObject();
        expanded.Remove("Transform");
        using var dataPlaneFile = await TemporaryFile.WriteAsync(expanded.ToJsonString(), ".json", Cancellation);
        var compute = ComputeTemplate.Create(dataPlane, new Dictionary<string, string>());
        using var computeFile = await TemporaryFile.WriteAsync(compute.ToJsonString(), ".json", Cancellation);
        var workers = WorkerMetadataReader.Read(dataPlane, dataPlane.Outputs.ToDictionary(o => o.Key, _ => ""));

        var result = await moto.DeployAsync(
            ("ingestion", dataPlaneFile.Path, new Dictionary<string, string>()),
            ("ingestion-compute", computeFile.Path, new Dictionary<string, string>
            {
                ["DataPlaneStack"] = "ingestion",
                ["ApiImage"] = "000000000000.dkr.ecr.us-east-1.amazonaws.com/ingestion-api:test",
                ["WorkerImage"] = "000000000000.dkr.ecr.us-east-1.amazonaws.com/ingestion-worker:test",
            }));

        var stacks = result["stacks"]!;
        Assert.True(stacks["ingestion"]!["status"]!.GetValue<string>() == "CREATE_COMPLETE", stacks["ingestion"]!.ToJsonString());
        Assert.True(stacks["ingestion-compute"]!["status"]!.GetValue<string>() == "CREATE_COMPLETE", stacks["ingestion-compute"]!.ToJsonString());
        var outputs = stacks["ingestion"]!["outputs"]!.AsObject();
        var exports = result["exports"]!.AsObject();
        Assert.All(outputs, output => Assert.Equal(output.Value!.GetValue<string>(), exports[$"ingestion-{output.Key}"]?.GetValue<string>()));

        var services = result["services"]!.AsArray().Select(s => s!.AsObject()).ToList();
        Assert.Equal(workers.Count + 1, services.Count);
        Assert.Equal(9, workers.Count);
        var roles = result["roles"]!.AsObject();
        foreach (var worker in workers)
        {
            var service = Assert.Single(services, s => Environment(s).GetValueOrDefault("Worker__Name") == worker.Name);
            // moto's CloudFormation drops LaunchType and NetworkMode (it reports EC2 and bridge): cfn-lint checks those.
            var environment = Environment(service);
            Assert.Equal(outputs[worker.QueueUrlOutput]!.GetValue<string>(), environment["Worker__QueueUrl"]);
            Assert.Equal(outputs[worker.DeadLetterQueueUrlOutput]!.GetValue<string>(), environment["Worker__DeadLetterQueueUrl"]);
            Assert.Equal(outputs["DataStoreTableName"]!.GetValue<string>(), environment["AWS__Resources__DataStoreTableName"]);
            Assert.Equal("Production", environment["DOTNET_ENVIRONMENT"]);
            // moto's CloudFormation drops TaskRoleArn too: resolve the template's against what moto deployed.
            var taskRole = ResolveRoleArn(compute, $"{LogicalIds.Of(worker.Name)}Task", outputs);
            Assert.True(roles.ContainsKey(taskRole), $"worker-{worker.Name} runs as {taskRole}, which the data plane did not create");
            Assert.Contains("ecs-tasks.amazonaws.com", roles[taskRole]!.ToJsonString(), StringComparison.Ordinal);
        }

        var api = Assert.Single(services, s => !Environment(s).ContainsKey("Worker__Name"));
        Assert.Equal(outputs["ApiRoleArn"]!.GetValue<string>(), ResolveRoleArn(compute, "ApiTask", outputs));
        Assert.Equal(outputs["IngestionTopicArn"]!.GetValue<string>(), Environment(api)["AWS__Resources__IngestionTopicArn"]);
        // moto keeps no service-to-target-group link either; the load balancer and the URL it gives are real.
        var apiUrl = stacks["ingestion-compute"]!["outputs"]!["ApiUrl"]!.GetValue<string>();
        Assert.Equal("http://" + Assert.Single(result["balancers"]!.AsArray())!.GetValue<string>(), apiUrl);
    }

    /// <summary>A task's role as CloudFormation resolves it: an imported ARN, or one derived from the data plane's NamePrefix.</summary>
    private static string ResolveRoleArn(JsonObject compute, string taskLogicalId, JsonObject outputs)
    {
        var arn = compute["Resources"]![taskLogicalId]!["Properties"]!["TaskRoleArn"]!;
        if (Cfn.ImportedOutput(arn) is { } output)
        {
            return outputs[output]!.GetValue<string>();
        }

        var account = outputs["IngestionTopicArn"]!.GetValue<string>().Split(':')[4];
        return arn["Fn::Sub"]![0]!.GetValue<string>()
            .Replace("${AWS::Partition}", "aws", StringComparison.Ordinal)
            .Replace("${AWS::AccountId}", account, StringComparison.Ordinal)
            .Replace("${NamePrefix}", outputs["NamePrefix"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Environment(JsonObject service) =>
        service["task"]!["containerDefinitions"]!.AsArray()
            .Single(c => c!["name"]!.GetValue<string>() is "api" or "worker")!["environment"]!.AsArray()
            .ToDictionary(e => e!["name"]!.GetValue<string>(), e => e!["value"]!.ToString(), StringComparer.Ordinal);
}
