using System.Text;
using System.Text.Json.Nodes;
using Ingestion.Hosting.AWS.Provisioning.Template;
using static Ingestion.Hosting.AWS.Provisioning.Evaluation.IntrinsicFunctions;

namespace Ingestion.Hosting.AWS.Provisioning.Evaluation;

/// <summary>What a Ref or Fn::GetAtt to a resource yields once it exists.</summary>
internal interface IResourceValues
{
    JsonNode Ref(string logicalId, string where);

    JsonNode GetAtt(string logicalId, string attribute, string where);
}

/// <summary>
/// Evaluates intrinsic functions in a value, returning plain JSON. Parameters and pseudo
/// parameters are fixed up front; resources are asked through <see cref="IResourceValues"/>,
/// so the same evaluator serves a deployment and an offline check. Conditions are evaluated
/// on first use and remembered.
/// </summary>
internal sealed class TemplateEvaluator(
    CloudFormationTemplate template,
    IReadOnlyDictionary<string, JsonNode> parameters,
    IResourceValues resources)
{
    /// <summary>AWS::NoValue while it travels up to the mapping or list that drops it; never leaves this class.</summary>
    private static readonly JsonNode NoValueMarker = JsonValue.Create(NoValue);

    private readonly Dictionary<string, bool> _conditions = new(StringComparer.Ordinal);
    private readonly HashSet<string> _conditionsInProgress = new(StringComparer.Ordinal);

    public JsonObject EvaluateProperties(JsonNode? properties, string where) => properties is null
        ? []
        : Evaluate(properties, where) as JsonObject ?? throw new TemplateException($"{where}: Properties must be a mapping.");

    public JsonNode? EvaluateValue(JsonNode? node, string where)
    {
        var value = Evaluate(node, where);
        return ReferenceEquals(value, NoValueMarker)
            ? throw new TemplateException($"{where}: the value resolves to AWS::NoValue, which only a property or list item may.")
            : value;
    }

    public bool IsConditionTrue(string name, string where)
    {
        if (_conditions.TryGetValue(name, out var known))
        {
            return known;
        }

        if (!template.Conditions.TryGetPropertyValue(name, out var definition))
        {
            throw new TemplateException($"{where}: condition '{name}' is not declared in Conditions.");
        }

        if (!_conditionsInProgress.Add(name))
        {
            throw new TemplateException($"Condition {name} depends on itself (through {string.Join(" -> ", _conditionsInProgress)}).");
        }

        var result = EvaluateCondition(definition, $"Condition {name}");
        _conditionsInProgress.Remove(name);
        _conditions[name] = result;
        return result;
    }

    private bool EvaluateCondition(JsonNode? node, string where)
    {
        if (node is JsonObject { Count: 1 } reference && reference.ContainsKey(Condition))
        {
            return IsConditionTrue(JsonScalar.GetText(reference[Condition], where, "a Condition reference"), where);
        }

        if (!TryGetCall(node, out var name, out var argument) || !ConditionFunctions.Contains(name))
        {
            throw new TemplateException($"{where}: a condition must be Fn::Equals, Fn::And, Fn::Or, Fn::Not or a Condition reference, got {JsonScalar.Describe(node)}.");
        }

        var args = argument as JsonArray ?? throw new TemplateException($"{where}: {name} needs a list.");
        switch (name)
        {
            case EqualsFunction:
                RequireCount(args, 2, name, where);
                return AreEqual(EvaluateValue(args[0], where), EvaluateValue(args[1], where));
            case Not:
                RequireCount(args, 1, name, where);
                return !EvaluateCondition(args[0], where);
            default:
                if (args.Count is < 2 or > 10)
                {
                    throw new TemplateException($"{where}: {name} takes 2 to 10 conditions, got {args.Count}.");
                }

                return name == And ? args.All(a => EvaluateCondition(a, where)) : args.Any(a => EvaluateCondition(a, where));
        }
    }

    private JsonNode? Evaluate(JsonNode? node, string where)
    {
        if (TryGetCall(node, out var name, out var argument))
        {
            return Call(name, argument, where);
        }

        switch (node)
        {
            case JsonObject obj:
                var result = new JsonObject();
                foreach (var (key, child) in obj)
                {
                    var value = Evaluate(child, where);
                    if (!ReferenceEquals(value, NoValueMarker))
                    {
                        result[key] = value;
                    }
                }

                return result;
            case JsonArray array:
                return new JsonArray([.. array.Select(child => Evaluate(child, where)).Where(v => !ReferenceEquals(v, NoValueMarker))]);
            default:
                return node?.DeepClone();
        }
    }

    private JsonNode? Call(string name, JsonNode? argument, string where)
    {
        switch (name)
        {
            case Ref:
                return EvaluateRef(JsonScalar.GetText(argument, where, "the argument of Ref"), where);
            case GetAtt:
                var getAtt = Args(argument, 2, name, where);
                return resources.GetAtt(
                    JsonScalar.GetText(getAtt[0], where, "the resource of Fn::GetAtt"),
                    Text(getAtt[1], where, "the attribute of Fn::GetAtt"),
                    where);
            case Sub:
                return EvaluateSub(argument, where);
            case Join:
                var join = Args(argument, 2, name, where);
                var delimiter = JsonScalar.GetText(join[0], where, "the delimiter of Fn::Join");
                return string.Join(delimiter, List(join[1], where, name).Select(item => JsonScalar.GetText(item, where, "an item of Fn::Join")));
            case Select:
                var select = Args(argument, 2, name, where);
                var index = JsonScalar.GetInt(EvaluateValue(select[0], where), where, "the index of Fn::Select");
                var items = List(select[1], where, name);
                return index >= 0 && index < items.Count
                    ? items[index]?.DeepClone()
                    : throw new TemplateException($"{where}: Fn::Select index {index} is outside the list of {items.Count}.");
            case Split:
                var split = Args(argument, 2, name, where);
                var separator = JsonScalar.GetText(split[0], where, "the delimiter of Fn::Split");
                var source = Text(split[1], where, "the string of Fn::Split");
                return new JsonArray([.. source.Split(separator).Select(part => (JsonNode)JsonValue.Create(part))]);
            case If:
                var ifArgs = Args(argument, 3, name, where);
                var condition = JsonScalar.GetText(ifArgs[0], where, "the condition of Fn::If");
                return Evaluate(IsConditionTrue(condition, where) ? ifArgs[1] : ifArgs[2], where);
            case FindInMap:
                return EvaluateFindInMap(Args(argument, 3, name, where), where);
            case Base64:
                return Convert.ToBase64String(Encoding.UTF8.GetBytes(Text(argument, where, "the argument of Fn::Base64")));
            case EqualsFunction or Not or And or Or:
                throw new TemplateException($"{where}: {name} belongs in Conditions; use Fn::If with a named condition here.");
            default:
                throw Unsupported(name, where);
        }
    }

    private JsonNode EvaluateRef(string name, string where)
    {
        if (name == NoValue)
        {
            return NoValueMarker;
        }

        if (parameters.TryGetValue(name, out var value))
        {
            return value.DeepClone();
        }

        return template.Resources.ContainsKey(name)
            ? resources.Ref(name, where)
            : throw new TemplateException($"{where}: Ref to '{name}', which is neither a parameter, a pseudo parameter nor a resource.");
    }

    private JsonValue EvaluateSub(JsonNode? argument, string where)
    {
        var (format, variables) = argument is JsonArray pair
            ? (pair.Count == 2 ? pair[0] : throw new TemplateException($"{where}: Fn::Sub takes a string or [string, {{variables}}]."),
               Evaluate(pair[1], where) as JsonObject ?? throw new TemplateException($"{where}: the variables of Fn::Sub must be a mapping."))
            : (argument, new JsonObject());
        var builder = new StringBuilder();
        foreach (var part in SubstitutionTemplate.Parse(JsonScalar.GetText(format, where, "the string of Fn::Sub")))
        {
            if (!part.IsReference)
            {
                builder.Append(part.Text);
                continue;
            }

            var dot = part.Text.IndexOf('.', StringComparison.Ordinal);
            var value = variables.TryGetPropertyValue(part.Text, out var variable) ? variable
                : dot > 0 ? resources.GetAtt(part.Text[..dot], part.Text[(dot + 1)..], where)
                : EvaluateRef(part.Text, where);
            builder.Append(JsonScalar.GetText(value, where, $"${{{part.Text}}} in Fn::Sub"));
        }

        return JsonValue.Create(builder.ToString());
    }

    private JsonNode? EvaluateFindInMap(JsonArray args, string where)
    {
        var mapName = Text(args[0], where, "the map of Fn::FindInMap");
        var topKey = Text(args[1], where, "the top-level key of Fn::FindInMap");
        var secondKey = Text(args[2], where, "the second-level key of Fn::FindInMap");
        var map = template.Mappings[mapName] as JsonObject
            ?? throw new TemplateException($"{where}: mapping '{mapName}' is not declared in Mappings.");
        var top = map[topKey] as JsonObject
            ?? throw new TemplateException($"{where}: mapping '{mapName}' has no key '{topKey}'.");
        return top.TryGetPropertyValue(secondKey, out var value)
            ? value?.DeepClone()
            : throw new TemplateException($"{where}: mapping '{mapName}' has no key '{topKey}' > '{secondKey}'.");
    }

    private string Text(JsonNode? node, string where, string what) => JsonScalar.GetText(EvaluateValue(node, where), where, what);

    private JsonArray List(JsonNode? node, string where, string function) => Evaluate(node, where) as JsonArray
        ?? throw new TemplateException($"{where}: {function} needs a list, got {JsonScalar.Describe(node)}.");

    private static JsonArray Args(JsonNode? argument, int count, string name, string where)
    {
        var args = argument as JsonArray ?? throw new TemplateException($"{where}: {name} needs a list of {count}, got {JsonScalar.Describe(argument)}.");
        RequireCount(args, count, name, where);
        return args;
    }

    private static void RequireCount(JsonArray args, int count, string name, string where)
    {
        if (args.Count != count)
        {
            throw new TemplateException($"{where}: {name} needs {count} arguments, got {args.Count}.");
        }
    }

    private static bool AreEqual(JsonNode? left, JsonNode? right) =>
        JsonScalar.TryGetText(left, out var l) && JsonScalar.TryGetText(right, out var r) ? l == r : JsonNode.DeepEquals(left, right);
}
