using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Ingestion.Hosting.AWS.Provisioning.Evaluation;

/// <summary>
/// Gives every declared parameter its value (override, else Default) and checks it the way
/// CloudFormation does before it creates anything: type, AllowedValues, AllowedPattern,
/// Min/MaxValue, Min/MaxLength. A Ref to a parameter is text, or a list of text for list types.
/// </summary>
internal static class ParameterResolver
{
    public static IReadOnlyDictionary<string, JsonNode> Resolve(JsonObject declarations, IReadOnlyDictionary<string, string> overrides)
    {
        var unknown = overrides.Keys.Where(key => !declarations.ContainsKey(key)).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new TemplateException($"Parameter override(s) {string.Join(", ", unknown)} not declared in the template's Parameters.");
        }

        var values = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var (name, declaration) in declarations)
        {
            var where = $"Parameter {name}";
            if (declaration is not JsonObject decl)
            {
                throw new TemplateException($"{where}: the declaration must be a mapping.");
            }

            var type = JsonScalar.GetText(decl["Type"], where, "Type");
            var text = overrides.TryGetValue(name, out var given) ? given
                : decl.ContainsKey("Default") ? DefaultText(decl["Default"], where)
                : throw new TemplateException($"{where} has no Default and no value was given for it.");
            values[name] = Check(type, text, decl, where);
        }

        return values;
    }

    private static string DefaultText(JsonNode? node, string where) => node is JsonArray list
        ? string.Join(',', list.Select(item => JsonScalar.GetText(item, where, "Default")))
        : JsonScalar.GetText(node, where, "Default");

    private static JsonNode Check(string type, string text, JsonObject decl, string where)
    {
        if (type.StartsWith("AWS::SSM::Parameter::Value<", StringComparison.Ordinal))
        {
            throw new TemplateException($"{where}: type {type} reads SSM Parameter Store, which has no local emulator; give the value directly.");
        }

        var isList = type is "CommaDelimitedList" || type.StartsWith("List<", StringComparison.Ordinal);
        var elementType = type switch
        {
            "String" or "CommaDelimitedList" or "AWS::SSM::Parameter::Name" => "String",
            "Number" or "List<Number>" => "Number",
            _ when type.StartsWith("AWS::", StringComparison.Ordinal) || type.StartsWith("List<AWS::", StringComparison.Ordinal) => "String",
            _ => throw new TemplateException($"{where}: unknown parameter type '{type}'."),
        };

        var elements = isList ? text.Split(',') : [text];
        foreach (var element in elements)
        {
            CheckOne(element, elementType, decl, where);
        }

        return isList ? new JsonArray([.. elements.Select(e => (JsonNode)JsonValue.Create(e))]) : JsonValue.Create(text);
    }

    private static void CheckOne(string value, string elementType, JsonObject decl, string where)
    {
        var hint = decl["ConstraintDescription"] is { } description ? $" ({JsonScalar.GetText(description, where, "ConstraintDescription")})" : string.Empty;
        if (elementType == "Number")
        {
            if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                throw new TemplateException($"{where}: '{value}' is not a number.");
            }

            if (decl["MinValue"] is { } min && number < Number(min, where, "MinValue"))
            {
                throw new TemplateException($"{where}: {value} is below MinValue {min.ToJsonString()}{hint}.");
            }

            if (decl["MaxValue"] is { } max && number > Number(max, where, "MaxValue"))
            {
                throw new TemplateException($"{where}: {value} is above MaxValue {max.ToJsonString()}{hint}.");
            }
        }
        else
        {
            if (decl["MinLength"] is { } minLength && value.Length < JsonScalar.GetInt(minLength, where, "MinLength"))
            {
                throw new TemplateException($"{where}: '{value}' is shorter than MinLength {minLength.ToJsonString()}{hint}.");
            }

            if (decl["MaxLength"] is { } maxLength && value.Length > JsonScalar.GetInt(maxLength, where, "MaxLength"))
            {
                throw new TemplateException($"{where}: '{value}' is longer than MaxLength {maxLength.ToJsonString()}{hint}.");
            }

            if (decl["AllowedPattern"] is { } patternNode
                && JsonScalar.GetText(patternNode, where, "AllowedPattern") is var pattern
                && !Regex.IsMatch(value, $"^(?:{pattern})$", RegexOptions.None, TimeSpan.FromSeconds(1)))
            {
                throw new TemplateException($"{where}: '{value}' does not match AllowedPattern '{pattern}'{hint}.");
            }
        }

        if (decl["AllowedValues"] is JsonArray allowed
            && !allowed.Any(a => JsonScalar.TryGetText(a, out var candidate) && candidate == value))
        {
            var choices = string.Join(", ", allowed.Select(a => JsonScalar.TryGetText(a, out var text) ? text : "?"));
            throw new TemplateException($"{where}: '{value}' is not one of the AllowedValues [{choices}]{hint}.");
        }
    }

    private static double Number(JsonNode node, string where, string what) =>
        double.Parse(JsonScalar.GetText(node, where, what), NumberStyles.Float, CultureInfo.InvariantCulture);
}
