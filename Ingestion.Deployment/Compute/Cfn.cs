using System.Text.Json.Nodes;

namespace Ingestion.Deployment.Compute;

/// <summary>CloudFormation's intrinsic functions as JSON, and the data plane's exports.</summary>
internal static class Cfn
{
    /// <summary>The parameter naming the data-plane stack whose exports this stack imports.</summary>
    public const string DataPlaneStack = "DataPlaneStack";

    public static JsonObject Ref(string name) => new() { ["Ref"] = name };

    public static JsonObject GetAtt(string logicalId, string attribute) => new() { ["Fn::GetAtt"] = new JsonArray(logicalId, attribute) };

    public static JsonObject Sub(string text) => new() { ["Fn::Sub"] = text };

    public static JsonObject Sub(string text, JsonObject variables) => new() { ["Fn::Sub"] = new JsonArray(text, variables) };

    public static JsonObject If(string condition, JsonNode whenTrue, JsonNode whenFalse) =>
        new() { ["Fn::If"] = new JsonArray(condition, whenTrue, whenFalse) };

    public static JsonObject NoValue => Ref("AWS::NoValue");

    /// <summary>The data plane's output <paramref name="outputKey"/>, which it exports as &lt;stack&gt;-&lt;OutputKey&gt;.</summary>
    public static JsonObject Import(string outputKey) =>
        new() { ["Fn::ImportValue"] = Sub($"${{{DataPlaneStack}}}-{outputKey}") };

    /// <summary>The output key an <see cref="Import"/> reads, or null for any other value.</summary>
    public static string? ImportedOutput(JsonNode? value) =>
        value is JsonObject { Count: 1 } function && function["Fn::ImportValue"] is JsonObject { Count: 1 } import && import["Fn::Sub"] is JsonValue sub
            && sub.GetValue<string>() is var name && name.StartsWith($"${{{DataPlaneStack}}}-", StringComparison.Ordinal)
            ? name[$"${{{DataPlaneStack}}}-".Length..]
            : null;

    public static JsonObject Resource(string type, JsonObject properties, string? condition = null, params string[] dependsOn)
    {
        var resource = new JsonObject { ["Type"] = type, ["Properties"] = properties };
        if (condition is not null)
        {
            resource["Condition"] = condition;
        }

        if (dependsOn.Length > 0)
        {
            resource["DependsOn"] = new JsonArray([.. dependsOn.Select(d => JsonValue.Create(d))]);
        }

        return resource;
    }

    public static JsonArray List(params JsonNode?[] items) => new(items);

    public static JsonObject Tag(string key, JsonNode value) => new() { ["Key"] = key, ["Value"] = value };
}
