using System.Text.Json.Nodes;

namespace Ingestion.Hosting.AWS.Provisioning.Template;

/// <summary>
/// A parsed template as a neutral JSON tree: short-form YAML tags are already rewritten to
/// their long forms (<c>!Ref X</c> → <c>{"Ref": "X"}</c>, <c>!Sub s</c> → <c>{"Fn::Sub": s}</c>), and
/// <c>Fn::ForEach</c> loops (AWS::LanguageExtensions) are expanded, with the parameters' defaults
/// unless <see cref="WithParameterOverrides"/> gives other values.
/// </summary>
public sealed class CloudFormationTemplate
{
    private readonly JsonObject _source;
    private readonly string _sourceName;

    private CloudFormationTemplate(JsonObject source, string sourceName, IReadOnlyDictionary<string, string> overrides)
    {
        _source = source;
        _sourceName = sourceName;
        var root = LanguageExtensions.Expand(source, name => LoopParameter(source, name, overrides, sourceName), sourceName);
        Root = root;
        Parameters = Section(root, "Parameters");
        Mappings = Section(root, "Mappings");
        Conditions = Section(root, "Conditions");
        Resources = Section(root, "Resources");
        Outputs = Section(root, "Outputs");
        Metadata = Section(root, "Metadata");
        if (Resources.Count == 0)
        {
            throw new TemplateException("The template has no Resources: CloudFormation requires at least one.");
        }
    }

    public JsonObject Root { get; }

    public JsonObject Parameters { get; }

    public JsonObject Mappings { get; }

    public JsonObject Conditions { get; }

    public JsonObject Resources { get; }

    public JsonObject Outputs { get; }

    public JsonObject Metadata { get; }

    public static CloudFormationTemplate Load(string path) =>
        Parse(File.ReadAllText(path), Path.GetFileName(path));

    /// <param name="yamlOrJson">JSON is valid YAML, so both formats go through one reader.</param>
    public static CloudFormationTemplate Parse(string yamlOrJson, string sourceName = "template") =>
        new(TemplateYamlReader.Read(yamlOrJson, sourceName), sourceName, new Dictionary<string, string>());

    /// <summary>The template as a stack with these parameter values has it: its loops run over the given lists.</summary>
    public CloudFormationTemplate WithParameterOverrides(IReadOnlyDictionary<string, string> overrides) =>
        ReferenceEquals(Root, _source) ? this : new(_source, _sourceName, overrides);

    /// <summary>A loop's collection parameter, resolved and checked like any parameter, and only when a loop uses it.</summary>
    private static JsonNode LoopParameter(JsonObject source, string name, IReadOnlyDictionary<string, string> overrides, string sourceName)
    {
        var declarations = source["Parameters"] as JsonObject;
        if (declarations?[name] is not JsonObject declaration)
        {
            throw new TemplateException($"{sourceName}: a Fn::ForEach collection refers to '{name}', which is not a declared parameter.");
        }

        var only = new JsonObject { [name] = declaration.DeepClone() };
        var given = overrides.Where(o => o.Key == name).ToDictionary(o => o.Key, o => o.Value, StringComparer.Ordinal);
        return Evaluation.ParameterResolver.Resolve(only, given)[name];
    }

    private static JsonObject Section(JsonObject root, string name) => root[name] switch
    {
        null => [],
        JsonObject section => section,
        _ => throw new TemplateException($"The template's {name} section must be a mapping."),
    };
}
