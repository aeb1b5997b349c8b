using System.Text.Json.Nodes;
using Ingestion.Hosting.AWS.Provisioning.Evaluation;
using Ingestion.Hosting.AWS.Provisioning.Template;

namespace Ingestion.Hosting.AWS.Provisioning;

/// <summary>The template's Outputs, evaluated after every resource exists. Outputs are strings, as in CloudFormation.</summary>
internal static class StackOutputEvaluator
{
    public static IReadOnlyDictionary<string, string> Evaluate(CloudFormationTemplate template, TemplateEvaluator evaluator)
    {
        var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, node) in template.Outputs)
        {
            var where = $"Output {name}";
            var definition = (JsonObject)node!;
            if (definition["Condition"] is { } condition && !evaluator.IsConditionTrue(JsonScalar.GetText(condition, where, "Condition"), where))
            {
                continue;
            }

            outputs[name] = JsonScalar.GetText(evaluator.EvaluateValue(definition["Value"], where), where, "Value");
        }

        return outputs;
    }
}
