using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ingestion.Hosting.AWS.Provisioning.Evaluation;

namespace Ingestion.Hosting.AWS.Provisioning.Template;

/// <summary>
/// The <c>AWS::LanguageExtensions</c> transform's <c>Fn::ForEach</c>, done before anything else reads
/// the template, as CloudFormation does: <c>Fn::ForEach::&lt;Loop&gt;: [Identifier, Collection, {OutputKey: OutputValue}]</c>
/// becomes one entry per item of the collection (a literal list, or a Ref to a list parameter).
/// Within the loop, <c>${Identifier}</c> and <c>&amp;{Identifier}</c> (non-alphanumerics dropped) are
/// replaced in mapping keys and in <c>Fn::Sub</c> strings, and <c>Ref: Identifier</c> by the item; an
/// <c>Fn::Sub</c> left with nothing to substitute becomes plain text, so <c>!GetAtt [!Sub '${X}Queue', Arn]</c>
/// names a resource. Plain strings and Fn::If's condition name are left alone, as AWS leaves them.
/// </summary>
internal static partial class LanguageExtensions
{
    public const string TransformName = "AWS::LanguageExtensions";

    private const string ForEachPrefix = "Fn::ForEach::";

    /// <param name="parameterValue">A parameter's value, asked only for a collection that is a Ref to it.</param>
    public static JsonObject Expand(JsonObject root, Func<string, JsonNode> parameterValue, string sourceName)
    {
        if (!ContainsForEach(root))
        {
            return root;
        }

        if (!DeclaresTransform(root))
        {
            throw new TemplateException(
                $"{sourceName}: Fn::ForEach needs `Transform: {TransformName}` at the top of the template (CloudFormation rejects it otherwise).");
        }

        var expanded = new JsonObject();
        foreach (var (section, node) in root)
        {
            if (section is "Resources" or "Outputs" or "Conditions")
            {
                var entries = new Expansion(parameterValue, section).Walk(node, new Dictionary<string, string>(StringComparer.Ordinal));
                foreach (var key in (entries as JsonObject)?.Select(e => e.Key).Where(k => !LoopName().IsMatch(k)) ?? [])
                {
                    throw new TemplateException($"{sourceName}: {section} has '{key}' once Fn::ForEach is expanded; CloudFormation needs alphanumeric names there (&{{X}} drops the rest).");
                }

                expanded[section] = entries;
            }
            else if (ContainsForEach(node))
            {
                throw new TemplateException($"{sourceName}: Fn::ForEach is only allowed in Resources, Outputs and Conditions, not in {section}.");
            }
            else
            {
                expanded[section] = node?.DeepClone();
            }
        }

        return expanded;
    }

    private static bool DeclaresTransform(JsonObject root) => root["Transform"] switch
    {
        JsonValue single => JsonScalar.TryGetText(single, out var name) && name == TransformName,
        JsonArray list => list.Any(item => JsonScalar.TryGetText(item, out var name) && name == TransformName),
        _ => false,
    };

    private static bool ContainsForEach(JsonNode? node) => node switch
    {
        JsonObject obj => obj.Any(p => p.Key.StartsWith("Fn::ForEach", StringComparison.Ordinal) || ContainsForEach(p.Value)),
        JsonArray array => array.Any(ContainsForEach),
        _ => false,
    };

    /// <summary>One walk through a section, with the loop identifiers bound so far.</summary>
    private sealed class Expansion(Func<string, JsonNode> parameterValue, string section)
    {
        public JsonNode? Walk(JsonNode? node, IReadOnlyDictionary<string, string> bound) => node switch
        {
            JsonObject obj => WalkObject(obj, bound),
            JsonArray array => new JsonArray([.. array.Select(item => Walk(item, bound))]),
            _ => node?.DeepClone(),
        };

        private JsonNode? WalkObject(JsonObject obj, IReadOnlyDictionary<string, string> bound)
        {
            if (bound.Count > 0 && obj.Count == 1)
            {
                var (key, argument) = obj.First();
                switch (key)
                {
                    case IntrinsicFunctions.Sub:
                        return WalkSub(argument, bound);
                    case IntrinsicFunctions.Ref:
                        var target = Walk(argument, bound);
                        return JsonScalar.TryGetText(target, out var name) && bound.TryGetValue(name, out var item)
                            ? JsonValue.Create(item)
                            : new JsonObject { [key] = target };
                    case IntrinsicFunctions.If when argument is JsonArray { Count: 3 } branches:
                        return new JsonObject { [key] = new JsonArray(branches[0]?.DeepClone(), Walk(branches[1], bound), Walk(branches[2], bound)) };
                }
            }

            var result = new JsonObject();
            foreach (var (key, child) in obj)
            {
                if (key.StartsWith("Fn::ForEach", StringComparison.Ordinal))
                {
                    foreach (var (outputKey, value) in Loop(key, child, bound))
                    {
                        Add(result, outputKey, value, $"{key} in {section}");
                    }
                }
                else
                {
                    Add(result, Substitute(key, bound), Walk(child, bound), section);
                }
            }

            return result;
        }

        private IEnumerable<(string Key, JsonNode? Value)> Loop(string key, JsonNode? definition, IReadOnlyDictionary<string, string> bound)
        {
            var where = $"{section}: {key}";
            if (!key.StartsWith(ForEachPrefix, StringComparison.Ordinal) || !LoopName().IsMatch(key[ForEachPrefix.Length..]))
            {
                throw new TemplateException($"{where}: a loop is written Fn::ForEach::<Name>, the name alphanumeric.");
            }

            if (definition is not JsonArray { Count: 3 } parts || parts[2] is not JsonObject body)
            {
                throw new TemplateException($"{where} must be [Identifier, Collection, {{OutputKey: OutputValue}}].");
            }

            var identifier = JsonScalar.GetText(parts[0], where, "the identifier");
            if (!LoopName().IsMatch(identifier))
            {
                throw new TemplateException($"{where}: the identifier '{identifier}' must be alphanumeric.");
            }

            if (bound.ContainsKey(identifier))
            {
                throw new TemplateException($"{where}: identifier '{identifier}' is already used by an enclosing loop.");
            }

            if (!body.Select(p => p.Key).Any(k => k.StartsWith("Fn::ForEach", StringComparison.Ordinal) || k.Contains("{" + identifier + "}", StringComparison.Ordinal)))
            {
                throw new TemplateException($"{where}: each output key must use ${{{identifier}}} or &{{{identifier}}}, or every item would write the same key.");
            }

            foreach (var item in Collection(parts[1], bound, where))
            {
                var inner = new Dictionary<string, string>(bound, StringComparer.Ordinal) { [identifier] = item };
                foreach (var (outputKey, value) in (JsonObject)Walk(body, inner)!)
                {
                    yield return (outputKey, value?.DeepClone());
                }
            }
        }

        private List<string> Collection(JsonNode? node, IReadOnlyDictionary<string, string> bound, string where)
        {
            var items = Walk(node, bound) switch
            {
                JsonArray list => list,
                JsonObject { Count: 1 } reference when reference[IntrinsicFunctions.Ref] is JsonValue name && JsonScalar.TryGetText(name, out var parameter) =>
                    parameterValue(parameter) as JsonArray
                        ?? throw new TemplateException($"{where}: the collection Ref {parameter} must be a list parameter (CommaDelimitedList)."),
                var other => throw new TemplateException($"{where}: the collection must be a list or a Ref to a CommaDelimitedList parameter, got {JsonScalar.Describe(other)}."),
            };
            var texts = items.Select(item => JsonScalar.GetText(item, where, "an item of the collection")).ToList();
            var repeated = texts.GroupBy(t => t, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
            return repeated is null ? texts : throw new TemplateException($"{where}: the collection has '{repeated.Key}' twice.");
        }

        private JsonNode WalkSub(JsonNode? argument, IReadOnlyDictionary<string, string> bound)
        {
            switch (argument)
            {
                case JsonArray { Count: 2 } pair when JsonScalar.TryGetText(pair[0], out var format):
                    var variables = Walk(pair[1], bound);
                    return new JsonObject { [IntrinsicFunctions.Sub] = new JsonArray(JsonValue.Create(Substitute(format, bound)), variables) };
                case JsonValue when JsonScalar.TryGetText(argument, out var text):
                    var substituted = Substitute(text, bound);
                    // Nothing left for Fn::Sub to do: CloudFormation's transform leaves the plain string.
                    return substituted.Contains("${", StringComparison.Ordinal)
                        ? new JsonObject { [IntrinsicFunctions.Sub] = substituted }
                        : JsonValue.Create(substituted);
                default:
                    return new JsonObject { [IntrinsicFunctions.Sub] = argument?.DeepClone() };
            }
        }

        private static string Substitute(string text, IReadOnlyDictionary<string, string> bound)
        {
            if (bound.Count == 0 || !text.Contains('{', StringComparison.Ordinal))
            {
                return text;
            }

            var builder = new StringBuilder(text);
            foreach (var (identifier, item) in bound)
            {
                builder.Replace("${" + identifier + "}", item);
                builder.Replace("&{" + identifier + "}", NonAlphanumeric().Replace(item, string.Empty));
            }

            return builder.ToString();
        }

        private static void Add(JsonObject result, string key, JsonNode? value, string where)
        {
            if (!result.TryAdd(key, value))
            {
                throw new TemplateException($"{where}: '{key}' appears twice once Fn::ForEach is expanded.");
            }
        }
    }

    [GeneratedRegex("^[A-Za-z0-9]+$")]
    private static partial Regex LoopName();

    [GeneratedRegex("[^A-Za-z0-9]+")]
    private static partial Regex NonAlphanumeric();
}
