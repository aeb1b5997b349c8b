namespace Ingestion.Api.Sources;

/// <summary>Which sources exist, which entities each sends, and the schema of each entity.</summary>
public sealed class SourceCatalogue
{
    private readonly Dictionary<string, SourceDefinition> _sources;
    private readonly Dictionary<string, IEntitySchema> _schemas;

    public SourceCatalogue(IEnumerable<SourceDefinition> sources, IEnumerable<IEntitySchema> schemas)
    {
        // Source names are path segments and SNS filter values: match them exactly, as the filter policies do.
        _sources = sources.ToDictionary(source => source.Name, StringComparer.Ordinal);
        _schemas = schemas.ToDictionary(schema => schema.EntityName, StringComparer.Ordinal);

        var missing = _sources.Values
            .SelectMany(source => source.EntityNames.Where(entity => !_schemas.ContainsKey(entity)).Select(entity => $"{source.Name}→{entity}"))
            .ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"Sources send entities that have no schema: {string.Join(", ", missing)}.");
        }
    }

    public IEnumerable<string> SourceNames => _sources.Keys.Order(StringComparer.Ordinal);

    public bool TryGetSource(string name, out SourceDefinition source) => _sources.TryGetValue(name, out source!);

    /// <summary>The schema for an entity only when <paramref name="source"/> sends it.</summary>
    public IEntitySchema? SchemaFor(SourceDefinition source, string entityName) =>
        source.EntityNames.Contains(entityName, StringComparer.Ordinal) ? _schemas[entityName] : null;
}
