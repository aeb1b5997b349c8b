using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ingestion.Hosting.AWS.Provisioning.Evaluation;

/// <summary>CloudFormation treats scalars as text wherever a string is expected: 5 and "5" are one value.</summary>
public static class JsonScalar
{
    public static bool TryGetText(JsonNode? node, out string text)
    {
        text = string.Empty;
        if (node is not JsonValue value)
        {
            return false;
        }

        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                text = value.GetValue<string>();
                return true;
            case JsonValueKind.Number:
                text = value.ToJsonString();
                return true;
            case JsonValueKind.True:
                text = "true";
                return true;
            case JsonValueKind.False:
                text = "false";
                return true;
            default:
                return false;
        }
    }

    public static string GetText(JsonNode? node, string where, string what) =>
        TryGetText(node, out var text)
            ? text
            : throw new TemplateException($"{where}: {what} must be a string, number or boolean, got {Describe(node)}.");

    public static int GetInt(JsonNode? node, string where, string what) =>
        int.TryParse(GetText(node, where, what), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new TemplateException($"{where}: {what} must be an integer, got {Describe(node)}.");

    public static string Describe(JsonNode? node) => node switch
    {
        null => "null",
        JsonArray => "a list",
        JsonObject obj => obj.Count == 1 ? $"{{{obj.First().Key}: ...}}" : "a mapping",
        _ => node.ToJsonString(),
    };
}
