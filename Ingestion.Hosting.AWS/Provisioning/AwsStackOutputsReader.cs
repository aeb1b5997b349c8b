using System.Text.Json.Nodes;
using Ingestion.Hosting.AWS.CloudFormation;
using Ingestion.Hosting.AWS.Provisioning.Template;
using Microsoft.Extensions.Configuration;
using Ingestion.Messaging.Aws;

namespace Ingestion.Hosting.AWS.Provisioning;

/// <summary>
/// Stack outputs for `--target aws`, where CloudFormation deployed the template and nothing is
/// provisioned here. The outputs come either from configuration (<c>AWS:Resources:&lt;OutputKey&gt;</c>,
/// the same keys the services read) or from the JSON that
/// <c>aws cloudformation describe-stacks --stack-name ingestion</c> prints.
/// </summary>
public static class AwsStackOutputsReader
{
    public const string ResourcesSection = AwsConfigurationKeys.ResourcesSection;

    public static StackOutputs FromConfiguration(IConfiguration configuration, CloudFormationTemplate template)
    {
        var outputs = configuration.GetSection(ResourcesSection).GetChildren()
            .Where(child => child.Value is not null)
            .ToDictionary(child => child.Key, child => child.Value!, StringComparer.Ordinal);
        return Complete(outputs, template, $"configuration section {ResourcesSection}");
    }

    public static StackOutputs FromDescribeStacksJson(string json, CloudFormationTemplate template)
    {
        var stacks = JsonNode.Parse(json)?["Stacks"] as JsonArray;
        if (stacks is not { Count: 1 } || stacks[0]?["Outputs"] is not JsonArray outputList)
        {
            throw new TemplateException("Expected the output of `aws cloudformation describe-stacks --stack-name <one stack>`: {\"Stacks\": [{\"Outputs\": [...]}]}.");
        }

        var outputs = outputList.OfType<JsonObject>().ToDictionary(
            output => output["OutputKey"]?.GetValue<string>() ?? throw new TemplateException("A stack output has no OutputKey."),
            output => output["OutputValue"]?.GetValue<string>() ?? string.Empty,
            StringComparer.Ordinal);
        return Complete(outputs, template, "describe-stacks output");
    }

    /// <summary>Every output the template declares must be there: a missing one is a stack deployed from another version.</summary>
    private static StackOutputs Complete(Dictionary<string, string> outputs, CloudFormationTemplate template, string source)
    {
        var missing = template.Outputs.Select(o => o.Key).Where(key => !outputs.ContainsKey(key)).ToList();
        if (missing.Count > 0)
        {
            throw new TemplateException($"The {source} lacks output(s) {string.Join(", ", missing)} that the template declares; is the stack deployed from this template?");
        }

        return new StackOutputs(outputs);
    }
}
