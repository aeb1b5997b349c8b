using System.Text.Json;
using System.Text.Json.Nodes;
using Ingestion.Hosting.AWS.Provisioning.Evaluation;

namespace Ingestion.Hosting.AWS.Provisioning.Resources;

/// <summary>
/// A resource's evaluated Properties, read by name. It remembers what was read so that a
/// property nobody handles is an error (<see cref="RejectUnread"/>) rather than silently
/// dropped, and collects notes for properties that have no local meaning.
/// </summary>
internal sealed class ResourceProperties(JsonObject properties, string where)
{
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);
    private readonly List<string> _notes = [];

    public IReadOnlyList<string> Notes => _notes;

    public bool Has(string name) => properties.ContainsKey(name);

    public JsonNode? Node(string name)
    {
        _read.Add(name);
        return properties[name];
    }

    public string? String(string name) =>
        Node(name) is { } node ? JsonScalar.GetText(node, where, $"property {name}") : null;

    public string RequiredString(string name) =>
        String(name) ?? throw new TemplateException($"{where}: property {name} is required.");

    public bool? Bool(string name) => String(name) switch
    {
        null => null,
        var text when bool.TryParse(text, out var value) => value,
        var text => throw new TemplateException($"{where}: property {name} must be true or false, got '{text}'."),
    };

    public int? Int(string name) => Node(name) is { } node ? JsonScalar.GetInt(node, where, $"property {name}") : null;

    public JsonArray? Array(string name) => Node(name) switch
    {
        null => null,
        JsonArray array => array,
        var other => throw new TemplateException($"{where}: property {name} must be a list, got {JsonScalar.Describe(other)}."),
    };

    public IReadOnlyList<string> StringList(string name) =>
        Array(name)?.Select(item => JsonScalar.GetText(item, where, $"an item of {name}")).ToList() ?? [];

    /// <summary>A policy-like property: a mapping serialised to JSON, or a string that already is JSON.</summary>
    public string? JsonText(string name)
    {
        switch (Node(name))
        {
            case null:
                return null;
            case JsonObject obj:
                return obj.ToJsonString();
            case var node when JsonScalar.TryGetText(node, out var text):
                try
                {
                    using var _ = JsonDocument.Parse(text);
                    return text;
                }
                catch (JsonException e)
                {
                    throw new TemplateException($"{where}: property {name} is neither a mapping nor a JSON string.", e);
                }

            case var other:
                throw new TemplateException($"{where}: property {name} must be a mapping or a JSON string, got {JsonScalar.Describe(other)}.");
        }
    }

    public void Note(string note) => _notes.Add(note);

    /// <summary>Accepts these properties if present, with a note saying why nothing happens locally.</summary>
    public void NoLocalMeaning(string reason, params string[] names)
    {
        foreach (var name in names.Where(Has))
        {
            _read.Add(name);
            _notes.Add($"{name} not applied: {reason}");
        }
    }

    public void RejectUnread()
    {
        var unread = properties.Select(p => p.Key).Where(key => !_read.Contains(key)).ToList();
        if (unread.Count > 0)
        {
            throw new TemplateException($"{where}: the local deployer does not support propert{(unread.Count == 1 ? "y" : "ies")} {string.Join(", ", unread)}.");
        }
    }
}
