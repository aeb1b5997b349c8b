using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Ingestion.Hosting.AWS.Provisioning.Template;

/// <summary>
/// Reads CloudFormation YAML into a JSON tree. Short-form tags become the long form, so the
/// evaluator sees one shape; tags it does not know become <c>Fn::&lt;Tag&gt;</c> and are
/// reported later by the evaluator with the resource they appear in.
/// </summary>
internal static partial class TemplateYamlReader
{
    private const string YamlTagPrefix = "tag:yaml.org,2002:";

    public static JsonObject Read(string text, string sourceName)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new TemplateException($"{sourceName}: invalid YAML at line {e.Start.Line}: {e.Message}", e);
        }

        if (stream.Documents.Count != 1)
        {
            throw new TemplateException($"{sourceName}: expected one YAML document, found {stream.Documents.Count}.");
        }

        return Convert(stream.Documents[0].RootNode, sourceName) as JsonObject
            ?? throw new TemplateException($"{sourceName}: the template must be a mapping at the top level.");
    }

    private static JsonNode? Convert(YamlNode node, string sourceName)
    {
        var tag = node.Tag.IsEmpty ? null : node.Tag.Value;
        if (tag is null or "!" || tag.StartsWith(YamlTagPrefix, StringComparison.Ordinal))
        {
            return ConvertPlain(node, tag, sourceName);
        }

        // A CloudFormation short form: the tag names the function, the node is its argument.
        var function = tag.TrimStart('!');
        var argument = ConvertPlain(node, null, sourceName);
        return function switch
        {
            "Ref" => new JsonObject { ["Ref"] = argument },
            "Condition" => new JsonObject { ["Condition"] = argument },
            "GetAtt" => new JsonObject { ["Fn::GetAtt"] = SplitGetAtt(argument, node, sourceName) },
            _ => new JsonObject { ["Fn::" + function] = argument },
        };
    }

    private static JsonNode? ConvertPlain(YamlNode node, string? tag, string sourceName)
    {
        switch (node)
        {
            case YamlScalarNode scalar:
                return ConvertScalar(scalar, tag);
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                foreach (var child in sequence.Children)
                {
                    array.Add(Convert(child, sourceName));
                }

                return array;
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (key, value) in mapping.Children)
                {
                    var name = (key as YamlScalarNode)?.Value
                        ?? throw new TemplateException($"{sourceName}: line {key.Start.Line}: mapping keys must be plain strings.");
                    // YamlDotNet has already refused duplicate keys, with their line.
                    obj.Add(name, Convert(value, sourceName));
                }

                return obj;
            default:
                throw new TemplateException($"{sourceName}: line {node.Start.Line}: unsupported YAML node {node.NodeType}.");
        }
    }

    /// <summary>
    /// Types a scalar as CloudFormation does: quoted or explicitly tagged text stays text;
    /// plain true/false/null and JSON-shaped numbers become JSON values. Numbers with leading
    /// zeros (account ids) stay text so they keep their digits.
    /// </summary>
    private static JsonNode? ConvertScalar(YamlScalarNode scalar, string? tag)
    {
        var text = scalar.Value ?? string.Empty;
        if (tag == YamlTagPrefix + "str" || tag == "!" || scalar.Style is not ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (text is "true" or "True" or "TRUE")
        {
            return JsonValue.Create(true);
        }

        if (text is "false" or "False" or "FALSE")
        {
            return JsonValue.Create(false);
        }

        return JsonNumber().IsMatch(text) ? JsonNode.Parse(text) : JsonValue.Create(text);
    }

    /// <summary><c>!GetAtt A.B</c> splits at the first dot (attributes such as Endpoint.Address keep theirs).</summary>
    private static JsonNode SplitGetAtt(JsonNode? argument, YamlNode node, string sourceName)
    {
        if (argument is JsonArray)
        {
            return argument;
        }

        var text = argument is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;
        var dot = text?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (text is null || dot <= 0 || dot == text.Length - 1)
        {
            throw new TemplateException($"{sourceName}: line {node.Start.Line}: !GetAtt needs 'Resource.Attribute' or [Resource, Attribute], got '{text}'.");
        }

        return new JsonArray(text[..dot], text[(dot + 1)..]);
    }

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$")]
    private static partial Regex JsonNumber();
}
