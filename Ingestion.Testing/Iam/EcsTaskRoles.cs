using System.Text.Json.Nodes;
using Ingestion.Deployment.Compute;
using Ingestion.Hosting.AWS.Provisioning.Template;
using Ingestion.Tests.Provisioning;

namespace Ingestion.Tests.Iam;

/// <summary>
/// The roles the processes run as on ECS, as the compute stack deploys them: each task definition's
/// TaskRoleArn resolved to the data plane's role (an imported ARN, or one derived from NamePrefix),
/// with the data plane's policies and every policy the compute stack attaches to that role (the
/// collector's). A process is found by its task's OTEL_SERVICE_NAME, which is its AppHost resource name.
/// </summary>
public sealed class EcsTaskRoles
{
    private readonly TemplateRoles _dataPlane;
    private readonly JsonObject _compute;

    public EcsTaskRoles(IReadOnlyDictionary<string, string>? parameters = null)
    {
        var overrides = parameters ?? new Dictionary<string, string>();
        _dataPlane = new TemplateRoles(RepositoryFiles.Template, parameters: overrides);
        _compute = ComputeTemplate.Create(CloudFormationTemplate.Load(RepositoryFiles.Template), overrides);
    }

    /// <summary>Every process that has an ECS task (api, worker-&lt;name&gt;).</summary>
    public IReadOnlyList<string> Processes => [.. Tasks().Select(t => t.Process)];

    /// <summary>The data-plane role the process's task runs as.</summary>
    public string RoleOf(string process)
    {
        var arn = Tasks().Single(t => t.Process == process).Definition["Properties"]!["TaskRoleArn"]!;
        var resolved = Resolve(arn);
        return _dataPlane.Roles.Single(role => _dataPlane.ArnOf(role) == resolved);
    }

    /// <summary>The statements the process's task role allows or denies on ECS.</summary>
    public IReadOnlyList<PolicyStatement> Statements(string process)
    {
        var role = RoleOf(process);
        var statements = _dataPlane.Statements(role).ToList();
        foreach (var policy in _compute["Resources"]!.AsObject().Where(r => r.Value!["Type"]!.GetValue<string>() == "AWS::IAM::Policy").Select(r => r.Value!["Properties"]!))
        {
            if (policy["Roles"]!.AsArray().Any(name => $"arn:{TemplateRoles.Partition}:iam::{TemplateRoles.AccountId}:role/{Resolve(name!)}" == _dataPlane.ArnOf(role)))
            {
                statements.AddRange(policy["PolicyDocument"]!["Statement"]!.AsArray().Select(s => new PolicyStatement(
                    s!["Effect"]!.GetValue<string>(), Texts(s["Action"]), [.. Texts(s["Resource"]).Select(Substitute)], [])));
            }
        }

        return statements;
    }

    private IEnumerable<(string Process, JsonNode Definition)> Tasks() =>
        _compute["Resources"]!.AsObject()
            .Where(r => r.Value!["Type"]!.GetValue<string>() == "AWS::ECS::TaskDefinition")
            .Select(r => (r.Value!["Properties"]!["ContainerDefinitions"]![0]!["Environment"]!.AsArray()
                .Single(e => e!["Name"]!.GetValue<string>() == "OTEL_SERVICE_NAME")!["Value"]!.GetValue<string>(), r.Value!));

    /// <summary>What CloudFormation makes of an ARN or name: an import is the data plane's output, a Fn::Sub is substituted.</summary>
    private string Resolve(JsonNode node)
    {
        if (Cfn.ImportedOutput(node) is { } output)
        {
            var getAtt = CloudFormationTemplate.Load(RepositoryFiles.Template).Outputs[output]!["Value"]!["Fn::GetAtt"]!.AsArray();
            return _dataPlane.ArnOf(getAtt[0]!.GetValue<string>());
        }

        if (node["Fn::Select"] is JsonArray { Count: 2 } select && select[1]!["Fn::Split"] is JsonArray { Count: 2 } split)
        {
            return Resolve(split[1]!).Split(split[0]!.GetValue<string>())[select[0]!.GetValue<int>()];
        }

        return Substitute(node["Fn::Sub"] is JsonArray sub ? sub[0]!.GetValue<string>() : node["Fn::Sub"]!.GetValue<string>());
    }

    private static string Substitute(string text) => text
        .Replace("${AWS::Partition}", TemplateRoles.Partition, StringComparison.Ordinal)
        .Replace("${AWS::Region}", TemplateRoles.Region, StringComparison.Ordinal)
        .Replace("${AWS::AccountId}", TemplateRoles.AccountId, StringComparison.Ordinal)
        .Replace("${NamePrefix}", "ingestion", StringComparison.Ordinal);

    private static IReadOnlyList<string> Texts(JsonNode? node) => node switch
    {
        JsonArray list => [.. list.Select(item => item is JsonObject ? Substitute(item["Fn::Sub"]!.GetValue<string>()) : item!.GetValue<string>())],
        JsonObject sub => [Substitute(sub["Fn::Sub"]!.GetValue<string>())],
        _ => [node!.GetValue<string>()],
    };
}
