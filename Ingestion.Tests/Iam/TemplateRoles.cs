using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Ingestion.Tests.Iam;

/// <summary>
/// The IAM roles of cloudformation/ingestion.yaml with their policy statements resolved to ARNs:
/// <c>!Ref</c>, <c>!GetAtt X.Arn</c> and <c>!Sub</c> over the template's queues, topic, table and
/// bucket and the pseudo parameters, in one partition, region and account standing for any.
/// </summary>
public sealed partial class TemplateRoles
{
    public const string Partition = "aws";
    public const string Region = "us-east-1";
    public const string AccountId = "000000000000";

    private readonly YamlMappingNode _resources;
    private readonly string _stackName;

    public TemplateRoles(string templatePath, string stackName = "ingestion")
    {
        using var reader = new StreamReader(templatePath);
        var yaml = new YamlStream();
        yaml.Load(reader);
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        _resources = (YamlMappingNode)root["Resources"];
        _stackName = stackName;
    }

    /// <summary>The role a process runs as: ApiRole for <c>api</c>, <c>&lt;Name&gt;WorkerRole</c> for <c>worker-&lt;name&gt;</c>.</summary>
    public static string RoleFor(string process) =>
        process == "api"
            ? "ApiRole"
            : process.StartsWith("worker-", StringComparison.Ordinal)
                ? string.Concat(process["worker-".Length..].Split('-').Select(part => char.ToUpperInvariant(part[0]) + part[1..])) + "WorkerRole"
                : throw new ArgumentException($"No role convention for process '{process}'.", nameof(process));

    public IReadOnlyList<PolicyStatement> Statements(string roleLogicalId)
    {
        var role = (YamlMappingNode)_resources[roleLogicalId];
        var policies = (YamlSequenceNode)((YamlMappingNode)role["Properties"])["Policies"];
        return [.. policies.Cast<YamlMappingNode>()
            .SelectMany(policy => (YamlSequenceNode)((YamlMappingNode)policy["PolicyDocument"])["Statement"])
            .Cast<YamlMappingNode>()
            .Select(ToStatement)];
    }

    /// <summary>The ARN of a resource of the template, e.g. a queue by its QueueName.</summary>
    public string ArnOf(string logicalId)
    {
        var resource = (YamlMappingNode)_resources[logicalId];
        var type = ((YamlScalarNode)resource["Type"]).Value;
        var properties = (YamlMappingNode)resource["Properties"];
        string Name(string property) => Resolve(properties[property]).Single();
        return type switch
        {
            "AWS::SQS::Queue" => $"arn:{Partition}:sqs:{Region}:{AccountId}:{Name("QueueName")}",
            "AWS::SNS::Topic" => $"arn:{Partition}:sns:{Region}:{AccountId}:{Name("TopicName")}",
            "AWS::DynamoDB::Table" => $"arn:{Partition}:dynamodb:{Region}:{AccountId}:table/{Name("TableName")}",
            "AWS::S3::Bucket" => $"arn:{Partition}:s3:::{Name("BucketName")}",
            _ => throw new NotSupportedException($"{logicalId} is a {type}: no ARN rule for it."),
        };
    }

    /// <summary>The bucket name the template gives, for recorded S3 calls to be compared against.</summary>
    public string BucketName(string logicalId) => ArnOf(logicalId)[$"arn:{Partition}:s3:::".Length..];

    private PolicyStatement ToStatement(YamlMappingNode statement)
    {
        var conditions = new List<PolicyCondition>();
        if (statement.Children.TryGetValue(new YamlScalarNode("Condition"), out var condition))
        {
            foreach (var (operatorNode, keys) in ((YamlMappingNode)condition).Children)
            {
                foreach (var (keyNode, values) in ((YamlMappingNode)keys).Children)
                {
                    conditions.Add(new PolicyCondition(((YamlScalarNode)operatorNode).Value!, ((YamlScalarNode)keyNode).Value!, Resolve(values)));
                }
            }
        }

        return new PolicyStatement(
            ((YamlScalarNode)statement["Effect"]).Value!,
            Resolve(statement["Action"]),
            Resolve(statement["Resource"]),
            conditions);
    }

    private IReadOnlyList<string> Resolve(YamlNode node) => node switch
    {
        YamlSequenceNode list => [.. list.SelectMany(Resolve)],
        YamlScalarNode scalar => TagOf(scalar) switch
        {
            "!Ref" => [Ref(scalar.Value!)],
            "!GetAtt" => [GetAtt(scalar.Value!)],
            "!Sub" => [Sub(scalar.Value!)],
            null => [scalar.Value!],
            var tag => throw new NotSupportedException($"{tag} at {scalar.Start}"),
        },
        _ => throw new NotSupportedException($"Cannot resolve {node.NodeType} at {node.Start}."),
    };

    /// <summary>A CloudFormation short-form function's tag; null for a plain value (YamlDotNet throws on reading a non-specific tag).</summary>
    private static string? TagOf(YamlNode node) => node.Tag.IsEmpty || node.Tag.IsNonSpecific ? null : node.Tag.Value;

    private string Ref(string name) => name switch
    {
        "AWS::Partition" => Partition,
        "AWS::Region" => Region,
        "AWS::AccountId" => AccountId,
        "AWS::StackName" => _stackName,
        // The Ref of a topic is its ARN; of a queue, its URL (never used in a policy); of a bucket or table, its name.
        _ when ((YamlScalarNode)((YamlMappingNode)_resources[name])["Type"]).Value == "AWS::SNS::Topic" => ArnOf(name),
        _ => ArnOf(name) is var arn && arn.Contains(":s3:::", StringComparison.Ordinal) ? arn[(arn.LastIndexOf(':') + 1)..] : arn[(arn.LastIndexOf('/') + 1)..],
    };

    private string GetAtt(string reference)
    {
        var (logicalId, attribute) = (reference[..reference.IndexOf('.')], reference[(reference.IndexOf('.') + 1)..]);
        return attribute == "Arn" ? ArnOf(logicalId) : throw new NotSupportedException($"!GetAtt {reference}");
    }

    private string Sub(string text) => SubPattern().Replace(text, match =>
        match.Groups[1].Value is var name && name.Contains('.', StringComparison.Ordinal) ? GetAtt(name) : Ref(name));

    [GeneratedRegex(@"\$\{([^}]+)\}")]
    private static partial Regex SubPattern();
}

public sealed record PolicyStatement(string Effect, IReadOnlyList<string> Actions, IReadOnlyList<string> Resources, IReadOnlyList<PolicyCondition> Conditions);

public sealed record PolicyCondition(string Operator, string Key, IReadOnlyList<string> Values);
