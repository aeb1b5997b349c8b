using System.Text.Json.Nodes;
using Ingestion.Hosting.AWS.Provisioning.Evaluation;
using Ingestion.Hosting.AWS.Provisioning.Template;

namespace Ingestion.Hosting.AWS.Provisioning;

/// <summary>
/// The name of the queue an output refers to, read from the template before anything is
/// deployed: the app model needs each queue as a resource when it is built. An output names a
/// queue by <c>!Ref</c> to an <c>AWS::SQS::Queue</c> whose <c>QueueName</c> is a literal or an
/// <c>Fn::Sub</c> of parameters and pseudo parameters (<c>${NamePrefix}-sourceB.fifo</c>).
/// </summary>
public static class DeclaredQueues
{
    public static string QueueNameOf(
        CloudFormationTemplate template, string outputKey, string stackName = "ingestion", IReadOnlyDictionary<string, string>? parameterOverrides = null)
    {
        var where = $"Output {outputKey}";
        if (template.Outputs[outputKey]?["Value"] is not JsonObject { Count: 1 } value || value["Ref"] is not JsonValue reference)
        {
            throw new TemplateException($"{where} must be `!Ref <an AWS::SQS::Queue>` for the AppHost to show that queue.");
        }

        var logicalId = reference.GetValue<string>();
        if (template.Resources[logicalId] is not JsonObject resource || resource["Type"]?.GetValue<string>() != "AWS::SQS::Queue")
        {
            throw new TemplateException($"{where} refers to '{logicalId}', which is not an AWS::SQS::Queue of the template.");
        }

        var queueWhere = $"Queue {logicalId}";
        var parameters = new Dictionary<string, JsonNode>(PseudoParameters.For(new StackContext(stackName)), StringComparer.Ordinal);
        foreach (var (parameter, given) in ParameterResolver.Resolve(template.Parameters, parameterOverrides ?? new Dictionary<string, string>()))
        {
            parameters[parameter] = given;
        }

        var evaluator = new TemplateEvaluator(template, parameters, new NoResourcesYet(queueWhere));
        return resource["Properties"]?["QueueName"] is { } name
            ? JsonScalar.GetText(evaluator.EvaluateValue(name, queueWhere), queueWhere, "QueueName")
            : throw new TemplateException($"{queueWhere} needs a QueueName: the AppHost names its resource after it.");
    }

    /// <summary>The queue's name without <c>.fifo</c>: how the AppHost names the queue's resource.</summary>
    public static string ResourceNameOf(string queueName) =>
        queueName.EndsWith(".fifo", StringComparison.Ordinal) ? queueName[..^".fifo".Length] : queueName;

    private sealed class NoResourcesYet(string where) : IResourceValues
    {
        public JsonNode Ref(string logicalId, string at) => throw Error();

        public JsonNode GetAtt(string logicalId, string attribute, string at) => throw Error();

        private TemplateException Error() =>
            new($"{where}: the QueueName may use only literals, parameters and pseudo parameters such as AWS::StackName; the AppHost needs it before anything is deployed.");
    }
}
