using System.Diagnostics;
using System.Text.Json.Nodes;
using Ingestion.Tests.Support;

namespace Ingestion.Tests.Deployment;

/// <summary>
/// CloudFormation as moto_server (5.2.1) emulates it, driven through boto3 (which moto brings along):
/// an independent client that creates stacks and reads back what moto made of them.
/// </summary>
public sealed class MotoStacks(MotoSecretsManager moto)
{
    // The run's moto_server: it serves every AWS API moto knows, CloudFormation included.

    private const string Script = """
        import sys, json, time, boto3
        endpoint, request = sys.argv[1], json.load(open(sys.argv[2]))
        kw = dict(endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")
        cf, ecs, iam, elb = (boto3.client(s, **kw) for s in ("cloudformation", "ecs", "iam", "elbv2"))
        stacks = {}
        for stack in request["stacks"]:
            cf.create_stack(StackName=stack["name"], TemplateBody=open(stack["template"]).read(),
                            Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in stack["parameters"].items()],
                            Capabilities=["CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"])
            deadline = time.time() + 120
            while True:
                described = cf.describe_stacks(StackName=stack["name"])["Stacks"][0]
                if not described["StackStatus"].endswith("_IN_PROGRESS") or time.time() > deadline:
                    break
                time.sleep(0.2)
            resources = cf.list_stack_resources(StackName=stack["name"])["StackResourceSummaries"]
            stacks[stack["name"]] = {"status": described["StackStatus"], "reason": described.get("StackStatusReason", ""),
                                     "outputs": {o["OutputKey"]: o["OutputValue"] for o in described.get("Outputs", [])},
                                     "resources": {r["LogicalResourceId"]: r["ResourceType"] for r in resources}}
        services = []
        for cluster in ecs.list_clusters()["clusterArns"]:
            arns = ecs.list_services(cluster=cluster, maxResults=100)["serviceArns"]
            for i in range(0, len(arns), 10):
                for service in ecs.describe_services(cluster=cluster, services=arns[i:i + 10])["services"]:
                    task = ecs.describe_task_definition(taskDefinition=service["taskDefinition"])["taskDefinition"]
                    services.append({"name": service["serviceName"], "launchType": service.get("launchType"),
                                     "loadBalancers": service.get("loadBalancers", []), "task": task})
        roles = {r["Arn"]: r["AssumeRolePolicyDocument"] for r in iam.get_paginator("list_roles").paginate().build_full_result()["Roles"]}
        exports = {e["Name"]: e["Value"] for e in cf.list_exports()["Exports"]}
        balancers = [b["DNSName"] for b in elb.describe_load_balancers()["LoadBalancers"]]
        print(json.dumps({"stacks": stacks, "services": services, "roles": roles, "exports": exports, "balancers": balancers}, default=str))
        """;

    /// <summary>Creates each stack in order (waiting for each) and returns what moto made of them.</summary>
    public async Task<JsonObject> DeployAsync(params (string Name, string TemplatePath, IReadOnlyDictionary<string, string> Parameters)[] stacks)
    {
        var request = new JsonObject
        {
            ["stacks"] = new JsonArray([.. stacks.Select(s => new JsonObject
            {
                ["name"] = s.Name,
                ["template"] = s.TemplatePath,
                ["parameters"] = new JsonObject([.. s.Parameters.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))]),
            })]),
        };
        using var requestFile = await TemporaryFile.WriteAsync(request.ToJsonString(), ".json", TestContext.Current.CancellationToken);
        using var python = Process.Start(new ProcessStartInfo("python3", ["-c", Script, moto.Endpoint.ToString(), requestFile.Path])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var output = python.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = python.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await python.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(python.ExitCode == 0, $"boto3 against moto failed: {await error}");
        return JsonNode.Parse(await output)!.AsObject();
    }
}
