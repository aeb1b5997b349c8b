using Ingestion.Hosting.AWS.Provisioning;
using Ingestion.Hosting.AWS.Provisioning.Evaluation;
using Ingestion.Hosting.AWS.Provisioning.Template;

namespace Ingestion.Topology.Metadata;

/// <summary>
/// Who holds an API key: each resource (on AWS, the Secrets Manager secret holding the key) with
/// <c>Metadata: Ingestion::ApiKey: &lt;caller&gt;</c>, once Fn::ForEach is expanded. The same list
/// gives the secrets on AWS and the AppHost's key parameters locally, so a source added to the
/// template's loop gets its key in both places.
/// </summary>
public static class ApiKeyMetadataReader
{
    public const string MetadataKey = "Ingestion::ApiKey";

    public static IReadOnlyList<string> Read(CloudFormationTemplate template)
    {
        var callers = new List<string>();
        foreach (var (logicalId, node) in template.Resources)
        {
            if (node?["Metadata"]?[MetadataKey] is not { } entry)
            {
                continue;
            }

            var caller = JsonScalar.GetText(entry, $"Resource {logicalId}: Metadata", MetadataKey);
            if (callers.Contains(caller, StringComparer.Ordinal))
            {
                throw new TemplateException($"Resource {logicalId}: Metadata {MetadataKey}: '{caller}' has two keys.");
            }

            callers.Add(caller);
        }

        return callers;
    }
}
