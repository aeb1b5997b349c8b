using System.Text.Json.Nodes;

namespace Ingestion.Hosting.AWS.Provisioning.Template;

/// <summary>
/// A parsed template as a neutral JSON tree: short-form YAML tags are already rewritten to
/// their long forms (<c>!Ref X</c> → <c>{"Ref": "X"}</c>, <c>!Sub s</c> → <c>{"Fn::Sub": s}</c>).
/// </summary>
public sealed class CloudFormationTemplate
{
    private CloudFormationTemplate(JsonObject root)
    {
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
        new(TemplateYamlReader.Read(yamlOrJson, sourceName));

    private static JsonObject Section(JsonObject root, string name) => root[name] switch
    {
        null => [],
        JsonObject section => section,
        _ => throw new TemplateException($"The template's {name} section must be a mapping."),
    };
}
