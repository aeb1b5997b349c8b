using System.Text.RegularExpressions;
using Ingestion.Messaging.Aws.OperationLog;

namespace Ingestion.Tests.Iam;

/// <summary>
/// Does a role's policy allow a recorded AWS call? The IAM action the call needs (PublishBatch is
/// sns:Publish, DeleteMessageBatch sqs:DeleteMessage, ListObjectsV2 s3:ListBucket, …) on the ARN
/// it touches (a Query on an index touches the index, not the table), under the statement's
/// conditions; an explicit Deny wins over any Allow. A condition this evaluator does not know
/// counts as met for a Deny and unmet for an Allow, so an unknown rule only makes the check stricter.
/// </summary>
public static class PolicyEvaluator
{
    public static string ActionOf(AwsOperation operation) => (operation.Service, operation.Operation) switch
    {
        ("sns", "PublishBatch") => "sns:Publish",
        ("sqs", "DeleteMessageBatch") => "sqs:DeleteMessage",
        ("sqs", "ChangeMessageVisibilityBatch") => "sqs:ChangeMessageVisibility",
        ("sqs", "SendMessageBatch") => "sqs:SendMessage",
        ("s3", "ListObjectsV2") => "s3:ListBucket",
        ("s3", "HeadObject") => "s3:GetObject",
        var (service, name) => $"{service}:{name}",
    };

    public static string ResourceOf(AwsOperation operation) => operation.Service switch
    {
        "dynamodb" => $"arn:{TemplateRoles.Partition}:dynamodb:{TemplateRoles.Region}:{TemplateRoles.AccountId}:table/{operation.Table}" + (operation.Index is null ? "" : $"/index/{operation.Index}"),
        "sqs" => $"arn:{TemplateRoles.Partition}:sqs:{TemplateRoles.Region}:{TemplateRoles.AccountId}:{operation.Queue}",
        "s3" => $"arn:{TemplateRoles.Partition}:s3:::{operation.Bucket}" + (operation.ObjectKey is null ? "" : $"/{operation.ObjectKey}"),
        // Emulators and AWS name the topic (or subscription) by ARN; compare by name in the template's account.
        "sns" => $"arn:{TemplateRoles.Partition}:sns:{TemplateRoles.Region}:{TemplateRoles.AccountId}:{TopicName(operation.Topic)}",
        _ => throw new NotSupportedException($"No resource rule for {operation.Service}."),
    };

    /// <returns>Each recorded call no statement allows, with what it needed.</returns>
    public static IReadOnlyList<string> Denied(IEnumerable<AwsOperation> operations, IReadOnlyList<PolicyStatement> statements) =>
        [.. operations
            .Where(operation => !statements.Any(statement => Applies(statement, "Allow", operation, unknownConditionHolds: false))
                || statements.Any(statement => Applies(statement, "Deny", operation, unknownConditionHolds: true)))
            .Select(operation => $"{operation.Process}: {ActionOf(operation)} on {ResourceOf(operation)}"
                + (operation.LeadingKeys is { } keys ? $" (keys {string.Join(", ", keys)})" : ""))
            .Distinct()];

    private static bool Applies(PolicyStatement statement, string effect, AwsOperation operation, bool unknownConditionHolds) =>
        statement.Effect == effect
        && statement.Actions.Any(pattern => Matches(pattern, ActionOf(operation), ignoreCase: true))
        && statement.Resources.Any(pattern => Matches(pattern, ResourceOf(operation), ignoreCase: false))
        && statement.Conditions.All(condition => Holds(condition, operation, unknownConditionHolds));

    private static bool Holds(PolicyCondition condition, AwsOperation operation, bool unknownConditionHolds) => (condition.Operator, condition.Key) switch
    {
        // Every key the call touches must match one of the patterns; a call with no item key (a Query, a Scan) does not pass.
        ("ForAllValues:StringLike", "dynamodb:LeadingKeys") => operation.LeadingKeys is { Count: > 0 } keys
            && keys.All(key => condition.Values.Any(pattern => Matches(pattern, key, ignoreCase: false))),
        _ => unknownConditionHolds,
    };

    /// <summary>The topic's name, or for a subscription ARN (topic ARN + ":" + id) name and id.</summary>
    private static string TopicName(string? arn) =>
        arn is null ? "" : arn.Split(':') is { Length: >= 6 } parts ? string.Join(':', parts[5..]) : arn;

    private static bool Matches(string pattern, string value, bool ignoreCase) =>
        Regex.IsMatch(value, "^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$",
            ignoreCase ? RegexOptions.IgnoreCase | RegexOptions.CultureInvariant : RegexOptions.CultureInvariant);
}
