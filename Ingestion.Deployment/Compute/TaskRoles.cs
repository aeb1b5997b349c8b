using System.Text.Json.Nodes;
using Ingestion.Hosting.AWS.CloudFormation;
using Ingestion.Hosting.AWS.Provisioning;
using Ingestion.Hosting.AWS.Provisioning.Evaluation;
using Ingestion.Hosting.AWS.Provisioning.Template;
using Ingestion.Topology.Metadata;

namespace Ingestion.Deployment.Compute;

/// <summary>
/// The data plane's roles as the tasks' roles: a worker runs as the role whose Ingestion::Worker
/// metadata declares it, the API as ApiRole. A role the data plane names (RoleName, from NamePrefix)
/// has a derivable ARN; any other is read from the output exporting its ARN.
/// </summary>
internal sealed class TaskRoles(CloudFormationTemplate dataPlane)
{
    public JsonNode ArnOf(WorkerDeclaration worker) => ArnOfRole(RoleOf(worker));

    /// <summary>The role's name, for attaching the collector's policy.</summary>
    public JsonNode NameOf(WorkerDeclaration worker) => NameOfRole(RoleOf(worker));

    public JsonNode ApiRoleName => NameOfRole("ApiRole");

    private string RoleOf(WorkerDeclaration worker) =>
        dataPlane.Resources
            .Where(r => r.Value?["Metadata"]?[WorkerMetadataReader.MetadataKey]?["Name"] is { } name
                && JsonScalar.TryGetText(name is JsonObject sub && sub["Fn::Sub"] is { } text ? text : name, out var declared) && declared == worker.Name)
            .Select(r => r.Key)
            .SingleOrDefault() ?? throw new TemplateException($"No role of the data plane declares worker '{worker.Name}'.");

    private JsonNode ArnOfRole(string logicalId) => RoleNameTemplate(logicalId) is { } name
        ? Cfn.Sub($"arn:${{AWS::Partition}}:iam::${{AWS::AccountId}}:role/{name}", new JsonObject { ["NamePrefix"] = Cfn.Import("NamePrefix") })
        : Cfn.Import(ArnOutputOf(logicalId));

    private JsonNode NameOfRole(string logicalId) => RoleNameTemplate(logicalId) is { } name
        ? Cfn.Sub(name, new JsonObject { ["NamePrefix"] = Cfn.Import("NamePrefix") })
        : new JsonObject { ["Fn::Select"] = Cfn.List(1, new JsonObject { ["Fn::Split"] = Cfn.List(":role/", Cfn.Import(ArnOutputOf(logicalId))) }) };

    /// <summary>The RoleName as a Fn::Sub text over NamePrefix (after the loops are expanded), or null when CloudFormation names the role.</summary>
    private string? RoleNameTemplate(string logicalId) => dataPlane.Resources[logicalId]?["Properties"]?["RoleName"] switch
    {
        null => null,
        JsonObject sub when sub["Fn::Sub"] is JsonValue text => text.GetValue<string>(),
        var other when JsonScalar.TryGetText(other, out var literal) => literal,
        var other => throw new TemplateException($"Role {logicalId}: RoleName must be text or a Fn::Sub over NamePrefix, not {other.ToJsonString()}."),
    };

    private string ArnOutputOf(string logicalId) =>
        dataPlane.Outputs
            .Where(o => o.Value?["Value"]?["Fn::GetAtt"] is JsonArray getAtt && getAtt.Count == 2
                && getAtt[0]?.GetValue<string>() == logicalId && getAtt[1]?.GetValue<string>() == "Arn")
            .Select(o => o.Key)
            .SingleOrDefault() ?? throw new TemplateException($"Role {logicalId} has no RoleName and no output exporting its ARN: the compute stack cannot find it.");
}
