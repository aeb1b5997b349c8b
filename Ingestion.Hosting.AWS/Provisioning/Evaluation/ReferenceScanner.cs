using System.Text.Json.Nodes;
using Ingestion.Hosting.AWS.Provisioning.Template;
using static Ingestion.Hosting.AWS.Provisioning.Evaluation.IntrinsicFunctions;

namespace Ingestion.Hosting.AWS.Provisioning.Evaluation;

/// <summary>
/// Reads a template without evaluating it: which resources a value refers to (its
/// dependencies), and whether every name and function it uses exists. Both branches of an
/// Fn::If are checked, as CloudFormation does, so a typo cannot hide behind a false condition.
/// </summary>
internal sealed class ReferenceScanner(CloudFormationTemplate template)
{
    public IReadOnlySet<string> Scan(JsonNode? node, string where)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        Walk(node, where, found);
        return found;
    }

    /// <summary>Checks a condition expression (the Conditions section, Fn::And/Or/Not arguments).</summary>
    public void ScanCondition(JsonNode? node, string where)
    {
        if (node is JsonObject { Count: 1 } obj && obj.ContainsKey(Condition))
        {
            RequireCondition(JsonScalar.GetText(obj[Condition], where, "a Condition reference"), where);
            return;
        }

        if (!TryGetCall(node, out var name, out _) || !ConditionFunctions.Contains(name))
        {
            throw new TemplateException($"{where}: a condition must be Fn::Equals, Fn::And, Fn::Or, Fn::Not or a Condition reference, got {JsonScalar.Describe(node)}.");
        }

        var references = Scan(node, where);
        if (references.Count > 0)
        {
            throw new TemplateException($"{where}: conditions cannot refer to resources ({string.Join(", ", references)}).");
        }
    }

    public void RequireCondition(string name, string where)
    {
        if (!template.Conditions.ContainsKey(name))
        {
            throw new TemplateException($"{where}: condition '{name}' is not declared in Conditions.");
        }
    }

    private void Walk(JsonNode? node, string where, HashSet<string> found)
    {
        if (TryGetCall(node, out var name, out var argument))
        {
            WalkCall(name, argument, where, found);
            return;
        }

        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, child) in obj)
                {
                    Walk(child, where, found);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Walk(child, where, found);
                }

                break;
        }
    }

    private void WalkCall(string name, JsonNode? argument, string where, HashSet<string> found)
    {
        switch (name)
        {
            case Ref:
                AddReference(JsonScalar.GetText(argument, where, "the argument of Ref"), where, found);
                break;
            case GetAtt:
                if (argument is not JsonArray { Count: 2 } getAtt)
                {
                    throw new TemplateException($"{where}: Fn::GetAtt needs [Resource, Attribute], got {JsonScalar.Describe(argument)}.");
                }

                AddResource(JsonScalar.GetText(getAtt[0], where, "the resource of Fn::GetAtt"), where, found);
                Walk(getAtt[1], where, found);
                break;
            case Sub:
                WalkSub(argument, where, found);
                break;
            case If:
                if (argument is not JsonArray { Count: 3 } ifArgs)
                {
                    throw new TemplateException($"{where}: Fn::If needs [Condition, ValueIfTrue, ValueIfFalse].");
                }

                RequireCondition(JsonScalar.GetText(ifArgs[0], where, "the condition of Fn::If"), where);
                Walk(ifArgs[1], where, found);
                Walk(ifArgs[2], where, found);
                break;
            case Not or And or Or:
                foreach (var condition in argument as JsonArray ?? [])
                {
                    ScanCondition(condition, where);
                }

                break;
            case FindInMap:
                if (argument is JsonArray { Count: 3 } findArgs && JsonScalar.TryGetText(findArgs[0], out var map)
                    && !template.Mappings.ContainsKey(map))
                {
                    throw new TemplateException($"{where}: Fn::FindInMap refers to mapping '{map}', which is not declared in Mappings.");
                }

                Walk(argument, where, found);
                break;
            case var supported when Supported.Contains(supported):
                Walk(argument, where, found);
                break;
            default:
                throw Unsupported(name, where);
        }
    }

    private void WalkSub(JsonNode? argument, string where, HashSet<string> found)
    {
        var (text, variables) = argument switch
        {
            JsonArray { Count: 2 } pair => (pair[0], pair[1] as JsonObject
                ?? throw new TemplateException($"{where}: the variables of Fn::Sub must be a mapping.")),
            _ => (argument, new JsonObject()),
        };
        var template = JsonScalar.GetText(text, where, "the string of Fn::Sub");
        foreach (var part in SubstitutionTemplate.Parse(template).Where(p => p.IsReference))
        {
            if (variables.ContainsKey(part.Text))
            {
                continue;
            }

            var dot = part.Text.IndexOf('.', StringComparison.Ordinal);
            if (dot > 0)
            {
                AddResource(part.Text[..dot], where, found);
            }
            else
            {
                AddReference(part.Text, where, found);
            }
        }

        Walk(variables, where, found);
    }

    private void AddReference(string name, string where, HashSet<string> found)
    {
        if (template.Resources.ContainsKey(name))
        {
            found.Add(name);
        }
        else if (!template.Parameters.ContainsKey(name) && !PseudoParameters.IsPseudo(name))
        {
            throw new TemplateException($"{where}: Ref to '{name}', which is neither a parameter, a pseudo parameter nor a resource.");
        }
    }

    private void AddResource(string name, string where, HashSet<string> found)
    {
        if (!template.Resources.ContainsKey(name))
        {
            throw new TemplateException($"{where}: Fn::GetAtt refers to '{name}', which is not a resource of the template.");
        }

        found.Add(name);
    }
}
