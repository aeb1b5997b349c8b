using System.Text.Json.Nodes;
using Ingestion.Hosting.AWS.Provisioning.Resources;

namespace Ingestion.Hosting.AWS.Provisioning.Evaluation;

/// <summary>Ref and Fn::GetAtt answered from the resources provisioned so far.</summary>
internal sealed class ProvisionedResourceValues : IResourceValues
{
    private readonly Dictionary<string, ProvisionedResource?> _resources = new(StringComparer.Ordinal);

    public void Add(ProvisionedResource resource) => _resources[resource.LogicalId] = resource;

    /// <summary>A resource whose Condition is false exists in the template but not in the stack.</summary>
    public void AddAbsent(string logicalId) => _resources[logicalId] = null;

    public JsonNode Ref(string logicalId, string where) => JsonValue.Create(Get(logicalId, where).PhysicalId);

    public JsonNode GetAtt(string logicalId, string attribute, string where)
    {
        var resource = Get(logicalId, where);
        return resource.Attributes.TryGetValue(attribute, out var value)
            ? JsonValue.Create(value)
            : throw new TemplateException(
                $"{where}: Fn::GetAtt {logicalId}.{attribute}: {resource.Type} has no attribute '{attribute}' locally " +
                $"(it has {(resource.Attributes.Count == 0 ? "none" : string.Join(", ", resource.Attributes.Keys))}).");
    }

    private ProvisionedResource Get(string logicalId, string where)
    {
        if (!_resources.TryGetValue(logicalId, out var resource))
        {
            // The dependency order makes this unreachable for a planned template; say so if it is not.
            throw new InvalidOperationException($"{where}: {logicalId} is referenced before it was provisioned.");
        }

        return resource ?? throw new TemplateException($"{where}: refers to {logicalId}, which is not created because its Condition is false.");
    }
}
