using System.Text.Json.Nodes;
using Ingestion.Hosting.AWS.Provisioning.Evaluation;
using Ingestion.Hosting.AWS.Provisioning.Template;

namespace Ingestion.Hosting.AWS.Provisioning;

/// <summary>One resource of the template, in the order it will be created.</summary>
internal sealed record PlannedResource(string LogicalId, string Type, JsonObject Definition)
{
    public string Where => $"Resource {LogicalId} ({Type})";

    public string? Condition => Definition["Condition"] is { } c ? JsonScalar.GetText(c, Where, "Condition") : null;
}

/// <summary>
/// Everything that can be checked before touching an emulator: parameter values, every
/// name and function the template uses, supported resource types, and a creation order.
/// A template that fails here has created nothing.
/// </summary>
internal sealed class DeploymentPlan
{
    private static readonly IReadOnlySet<string> ResourceKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        "Type", "Properties", "DependsOn", "Condition", "DeletionPolicy", "UpdateReplacePolicy", "Metadata", "CreationPolicy", "UpdatePolicy",
    };

    private DeploymentPlan(CloudFormationTemplate template, StackContext stack, IReadOnlyDictionary<string, JsonNode> parameters, IReadOnlyList<PlannedResource> resources)
    {
        Template = template;
        Stack = stack;
        Parameters = parameters;
        Resources = resources;
    }

    public CloudFormationTemplate Template { get; }

    public StackContext Stack { get; }

    /// <summary>Declared parameters and pseudo parameters, by name.</summary>
    public IReadOnlyDictionary<string, JsonNode> Parameters { get; }

    public IReadOnlyList<PlannedResource> Resources { get; }

    public static DeploymentPlan Create(
        CloudFormationTemplate template,
        IReadOnlyDictionary<string, string> parameterOverrides,
        StackContext stack,
        IReadOnlyCollection<string> supportedTypes)
    {
        // Loops over a list parameter run over the value this deployment gives it.
        template = template.WithParameterOverrides(parameterOverrides);
        var parameters = new Dictionary<string, JsonNode>(PseudoParameters.For(stack), StringComparer.Ordinal);
        foreach (var (name, value) in ParameterResolver.Resolve(template.Parameters, parameterOverrides))
        {
            parameters[name] = value;
        }

        var scanner = new ReferenceScanner(template);
        foreach (var (name, condition) in template.Conditions)
        {
            scanner.ScanCondition(condition, $"Condition {name}");
        }

        var planned = new Dictionary<string, PlannedResource>(StringComparer.Ordinal);
        var dependencies = new List<KeyValuePair<string, IReadOnlySet<string>>>();
        foreach (var (logicalId, node) in template.Resources)
        {
            var resource = Check(logicalId, node, supportedTypes, scanner);
            planned[logicalId] = resource;
            var needs = new HashSet<string>(scanner.Scan(resource.Definition["Properties"], resource.Where), StringComparer.Ordinal);
            needs.UnionWith(DependsOn(resource, template));
            dependencies.Add(new(logicalId, needs));
        }

        foreach (var (name, output) in template.Outputs)
        {
            var where = $"Output {name}";
            var definition = output as JsonObject ?? throw new TemplateException($"{where} must be a mapping with a Value.");
            if (!definition.ContainsKey("Value"))
            {
                throw new TemplateException($"{where} has no Value.");
            }

            scanner.Scan(definition["Value"], where);
            if (definition["Condition"] is { } condition)
            {
                scanner.RequireCondition(JsonScalar.GetText(condition, where, "Condition"), where);
            }
        }

        var order = DependencyGraph.Order(dependencies);
        return new DeploymentPlan(template, stack, parameters, [.. order.Select(id => planned[id])]);
    }

    private static PlannedResource Check(string logicalId, JsonNode? node, IReadOnlyCollection<string> supportedTypes, ReferenceScanner scanner)
    {
        var definition = node as JsonObject ?? throw new TemplateException($"Resource {logicalId} must be a mapping with a Type.");
        var type = JsonScalar.GetText(definition["Type"] ?? throw new TemplateException($"Resource {logicalId} has no Type."), $"Resource {logicalId}", "Type");
        var resource = new PlannedResource(logicalId, type, definition);
        if (!supportedTypes.Contains(type))
        {
            throw new TemplateException(
                $"{resource.Where}: unsupported resource type '{type}'. The local deployer handles {string.Join(", ", supportedTypes.Order(StringComparer.Ordinal))}.");
        }

        var unknown = definition.Select(p => p.Key).Where(key => !ResourceKeys.Contains(key)).ToList();
        if (unknown.Count > 0)
        {
            throw new TemplateException($"{resource.Where}: unknown resource attribute(s) {string.Join(", ", unknown)}.");
        }

        if (resource.Condition is { } condition)
        {
            scanner.RequireCondition(condition, resource.Where);
        }

        return resource;
    }

    private static IEnumerable<string> DependsOn(PlannedResource resource, CloudFormationTemplate template)
    {
        var names = resource.Definition["DependsOn"] switch
        {
            null => [],
            JsonArray list => list.Select(item => JsonScalar.GetText(item, resource.Where, "DependsOn")).ToList(),
            var single => [JsonScalar.GetText(single, resource.Where, "DependsOn")],
        };
        foreach (var name in names.Where(n => !template.Resources.ContainsKey(n)))
        {
            throw new TemplateException($"{resource.Where}: DependsOn names '{name}', which is not a resource of the template.");
        }

        return names;
    }
}
