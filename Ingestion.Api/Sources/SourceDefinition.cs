namespace Ingestion.Api.Sources;

/// <summary>A producer the API accepts events from, and the entities it may send.</summary>
public sealed record SourceDefinition(string Name, IReadOnlyList<string> EntityNames);
