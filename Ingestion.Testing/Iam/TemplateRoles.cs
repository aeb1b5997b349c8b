using System.Text.Json.Nodes;
using Ingestion.Hosting.AWS.Provisioning;
using Ingestion.Hosting.AWS.Provisioning.Evaluation;
using Ingestion.Hosting.AWS.Provisioning.Template;
using Ingestion.Topology.Metadata;

namespace Ingestion.Tests.Iam;

/// <summary>
/// The IAM roles of cloudformation/ingestion.yaml with their policy statements resolved to ARNs, read
/// through our template interpreter (so Fn::ForEach, Fn::FindInMap and Fn::If are expanded as a
/// deployment expands them), in one partition, region and account standing for any. A role's
/// statements are its inline policies and those of every AWS::IAM::Policy attached to it.
/// </summary>
public sealed class TemplateRoles
{
    public const string Partition = "aws";
    public const string Region = "us-east-1";
    public const string AccountId = "000000000000";

    private readonly CloudFormationTemplate _template;
    private readonly TemplateEvaluator _evaluator;

    public TemplateRoles(string templatePath, string stackName = "ingestion", IReadOnlyDictionary<string, string>? parameters = null)
    {
        var overrides = parameters ?? new Dictionary<string, string>();
        _template = CloudFormationTemplate.Load(templatePath).WithParameterOverrides(overrides);
        var values = new Dictionary<string, JsonNode>(PseudoParameters.For(new StackContext(stackName, Region, AccountId)), StringComparer.Ordinal);
        foreach (var (name, value) in ParameterResolver.Resolve(_template.Parameters, overrides))
        {
            values[name] = value;
        }

        _evaluator = new TemplateEvaluator(_template, values, new OfflineResourceValues(this));
    }

    /// <summary>The role a process runs as: ApiRole for <c>api</c>; for <c>worker-&lt;name&gt;</c> the role whose Ingestion::Worker metadata names it.</summary>
    public string RoleFor(string process) =>
        process == "api"
            ? "ApiRole"
            : process.StartsWith("worker-", StringComparison.Ordinal)
                ? _template.Resources
                    .Where(r => r.Value?["Metadata"]?[WorkerMetadataReader.MetadataKey]?["Name"]?.GetValue<string>() == process["worker-".Length..])
                    .Select(r => r.Key)
                    .SingleOrDefault() ?? throw new ArgumentException($"No role declares worker '{process}'.", nameof(process))
                : throw new ArgumentException($"No role for process '{process}'.", nameof(process));

    /// <summary>The worker names the template declares (worker-&lt;name&gt;).</summary>
    public IReadOnlyList<string> Workers =>
        [.. WorkerMetadataReader.Read(_template, _template.Outputs.ToDictionary(o => o.Key, _ => "")).Select(w => "worker-" + w.Name)];

    /// <summary>Every role of the template by logical id.</summary>
    public IReadOnlyList<string> Roles => [.. _template.Resources.Where(r => Type(r.Key) == "AWS::IAM::Role").Select(r => r.Key)];

    public IReadOnlyList<PolicyStatement> Statements(string roleLogicalId) =>
        [.. InlinePolicies(roleLogicalId).SelectMany(document => Items(document!["Statement"])).Select(statement => ToStatement((JsonObject)statement!))];

    /// <summary>
    /// The characters of the role's inline policies (its Policies and every AWS::IAM::Policy attached
    /// to it) as IAM counts them against its 10,240: the documents' JSON without whitespace.
    /// </summary>
    public int InlinePolicyCharacters(string roleLogicalId) => InlinePolicies(roleLogicalId).Sum(document => document!.ToJsonString().Length);

    /// <summary>The role's name as deployed: its RoleName, or a stand-in for the generated one.</summary>
    public string RoleNameOf(string roleLogicalId) => RoleName(roleLogicalId);

    private List<JsonNode?> InlinePolicies(string roleLogicalId)
    {
        var role = _evaluator.EvaluateProperties(_template.Resources[roleLogicalId]!["Properties"], roleLogicalId);
        var documents = (role["Policies"] as JsonArray ?? []).Select(policy => policy!["PolicyDocument"]).ToList();
        foreach (var (logicalId, resource) in _template.Resources.Where(r => Type(r.Key) == "AWS::IAM::Policy"))
        {
            var policy = _evaluator.EvaluateProperties(resource!["Properties"], logicalId);
            if (((JsonArray)policy["Roles"]!).Any(name => name!.GetValue<string>() == RoleName(roleLogicalId)))
            {
                documents.Add(policy["PolicyDocument"]);
            }
        }

        return documents;
    }

    /// <summary>The ARN of a resource of the template, e.g. a queue by its QueueName.</summary>
    public string ArnOf(string logicalId) => Type(logicalId) switch
    {
        "AWS::SQS::Queue" => $"arn:{Partition}:sqs:{Region}:{AccountId}:{Name(logicalId, "QueueName")}",
        "AWS::SNS::Topic" => $"arn:{Partition}:sns:{Region}:{AccountId}:{Name(logicalId, "TopicName")}",
        "AWS::DynamoDB::Table" => $"arn:{Partition}:dynamodb:{Region}:{AccountId}:table/{Name(logicalId, "TableName")}",
        "AWS::S3::Bucket" => $"arn:{Partition}:s3:::{Name(logicalId, "BucketName")}",
        "AWS::IAM::Role" => $"arn:{Partition}:iam::{AccountId}:role/{RoleName(logicalId)}",
        // Secrets Manager appends six random characters to a secret's name in its ARN.
        "AWS::SecretsManager::Secret" => $"arn:{Partition}:secretsmanager:{Region}:{AccountId}:secret:{Name(logicalId, "Name")}-AbCdEf",
        var type => throw new NotSupportedException($"{logicalId} is a {type}: no ARN rule for it."),
    };

    /// <summary>The bucket name the template gives, for recorded S3 calls to be compared against.</summary>
    public string BucketName(string logicalId) => Name(logicalId, "BucketName");

    /// <summary>A resource's properties with every function evaluated.</summary>
    public JsonObject Properties(string logicalId) => _evaluator.EvaluateProperties(_template.Resources[logicalId]!["Properties"], logicalId);

    /// <summary>A resource attribute as written (DeletionPolicy, UpdateReplacePolicy), or null.</summary>
    public string? Attribute(string logicalId, string name) => _template.Resources[logicalId]?[name]?.GetValue<string>();

    /// <summary>Every logical id of the given type.</summary>
    public IReadOnlyList<string> OfType(string type) => [.. _template.Resources.Where(r => Type(r.Key) == type).Select(r => r.Key)];

    private string Type(string logicalId) => _template.Resources[logicalId]?["Type"]?.GetValue<string>()
        ?? throw new ArgumentException($"No resource {logicalId} in the template.", nameof(logicalId));

    private string Name(string logicalId, string property) =>
        JsonScalar.GetText(_evaluator.EvaluateValue(_template.Resources[logicalId]!["Properties"]![property], logicalId), logicalId, property);

    // Roles without a RoleName get a generated one; any stable name stands for it.
    private string RoleName(string logicalId) =>
        _template.Resources[logicalId]?["Properties"]?["RoleName"] is { } name
            ? JsonScalar.GetText(_evaluator.EvaluateValue(name, logicalId), logicalId, "RoleName")
            : $"ingestion-{logicalId}";

    private static IEnumerable<JsonNode?> Items(JsonNode? node) => node is JsonArray list ? list : new[] { node };

    private static IReadOnlyList<string> Texts(JsonNode? node) => [.. Items(node).Select(item => JsonScalar.GetText(item, "statement", "value"))];

    private static PolicyStatement ToStatement(JsonObject statement)
    {
        var conditions = new List<PolicyCondition>();
        if (statement["Condition"] is JsonObject condition)
        {
            foreach (var (op, keys) in condition)
            {
                foreach (var (key, values) in (JsonObject)keys!)
                {
                    conditions.Add(new PolicyCondition(op, key, Texts(values)));
                }
            }
        }

        return new PolicyStatement(statement["Effect"]!.GetValue<string>(), Texts(statement["Action"]), Texts(statement["Resource"]), conditions);
    }

    /// <summary>What Ref and Fn::GetAtt give on AWS, without deploying anything.</summary>
    private sealed class OfflineResourceValues(TemplateRoles roles) : IResourceValues
    {
        public JsonNode Ref(string logicalId, string where) => roles.Type(logicalId) switch
        {
            "AWS::SNS::Topic" or "AWS::SecretsManager::Secret" => roles.ArnOf(logicalId),
            "AWS::SQS::Queue" => $"https://sqs.{Region}.amazonaws.com/{AccountId}/{roles.Name(logicalId, "QueueName")}",
            "AWS::DynamoDB::Table" => roles.Name(logicalId, "TableName"),
            "AWS::S3::Bucket" => roles.Name(logicalId, "BucketName"),
            "AWS::IAM::Role" => roles.RoleName(logicalId),
            var type => throw new NotSupportedException($"{where}: no Ref rule for {type}."),
        };

        public JsonNode GetAtt(string logicalId, string attribute, string where) => attribute switch
        {
            "Arn" => roles.ArnOf(logicalId),
            "TopicName" => roles.Name(logicalId, "TopicName"),
            "QueueName" => roles.Name(logicalId, "QueueName"),
            _ => throw new NotSupportedException($"{where}: Fn::GetAtt {logicalId}.{attribute}"),
        };
    }
}

public sealed record PolicyStatement(string Effect, IReadOnlyList<string> Actions, IReadOnlyList<string> Resources, IReadOnlyList<PolicyCondition> Conditions);

public sealed record PolicyCondition(string Operator, string Key, IReadOnlyList<string> Values);
