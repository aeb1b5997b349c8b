using System.Text.Json.Nodes;

namespace Ingestion.Hosting.AWS.Provisioning.Evaluation;

/// <summary>AWS::Region and friends; AWS::NoValue is handled by the evaluator, since it removes rather than resolves.</summary>
internal static class PseudoParameters
{
    private static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.Ordinal)
    {
        "AWS::AccountId", "AWS::NotificationARNs", IntrinsicFunctions.NoValue, "AWS::Partition", "AWS::Region",
        "AWS::StackId", "AWS::StackName", "AWS::URLSuffix",
    };

    public static bool IsPseudo(string name) => Names.Contains(name);

    public static IReadOnlyDictionary<string, JsonNode> For(StackContext stack) => new Dictionary<string, JsonNode>(StringComparer.Ordinal)
    {
        ["AWS::AccountId"] = stack.AccountId,
        ["AWS::NotificationARNs"] = new JsonArray(),
        ["AWS::Partition"] = stack.Partition,
        ["AWS::Region"] = stack.Region,
        // A stable id rather than a fresh GUID: outputs that embed it stay equal across re-runs.
        ["AWS::StackId"] = stack.Arn("cloudformation", $"stack/{stack.StackName}/00000000-0000-0000-0000-000000000000"),
        ["AWS::StackName"] = stack.StackName,
        ["AWS::URLSuffix"] = stack.UrlSuffix,
    };
}
