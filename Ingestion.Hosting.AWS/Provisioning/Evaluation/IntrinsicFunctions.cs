namespace Ingestion.Hosting.AWS.Provisioning.Evaluation;

/// <summary>The intrinsic functions the local deployer understands, and how to spot one.</summary>
internal static class IntrinsicFunctions
{
    public const string Ref = "Ref";
    public const string GetAtt = "Fn::GetAtt";
    public const string Sub = "Fn::Sub";
    public const string Join = "Fn::Join";
    public const string Select = "Fn::Select";
    public const string Split = "Fn::Split";
    public const string If = "Fn::If";
    public const string EqualsFunction = "Fn::Equals";
    public const string Not = "Fn::Not";
    public const string And = "Fn::And";
    public const string Or = "Fn::Or";
    public const string FindInMap = "Fn::FindInMap";
    public const string Base64 = "Fn::Base64";
    public const string ImportValue = "Fn::ImportValue";
    public const string Condition = "Condition";
    public const string NoValue = "AWS::NoValue";

    public static readonly IReadOnlySet<string> Supported = new HashSet<string>(StringComparer.Ordinal)
    {
        Ref, GetAtt, Sub, Join, Select, Split, If, EqualsFunction, Not, And, Or, FindInMap, Base64,
    };

    public static readonly IReadOnlySet<string> ConditionFunctions = new HashSet<string>(StringComparer.Ordinal)
    {
        EqualsFunction, Not, And, Or,
    };

    /// <summary>A one-key mapping whose key is Ref or Fn::* is a function call, as in CloudFormation.</summary>
    public static bool TryGetCall(System.Text.Json.Nodes.JsonNode? node, out string name, out System.Text.Json.Nodes.JsonNode? argument)
    {
        if (node is System.Text.Json.Nodes.JsonObject { Count: 1 } obj)
        {
            var (key, value) = obj.First();
            if (key == Ref || key.StartsWith("Fn::", StringComparison.Ordinal))
            {
                (name, argument) = (key, value);
                return true;
            }
        }

        (name, argument) = (string.Empty, null);
        return false;
    }

    public static TemplateException Unsupported(string name, string where) => name == ImportValue
        ? new TemplateException($"{where}: {ImportValue} reads another stack's export, which has no local meaning; pass the value as a parameter instead.")
        : new TemplateException($"{where}: unsupported intrinsic function '{name}'. The local deployer understands {string.Join(", ", Supported.Order(StringComparer.Ordinal))}.");
}
