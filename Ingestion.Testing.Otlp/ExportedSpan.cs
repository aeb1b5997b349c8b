namespace Ingestion.Testing.Otlp;

/// <summary>One exported span: ids in lower-case hex, attribute values as text, the exporting service's name.</summary>
public sealed record ExportedSpan(
    string TraceId,
    string SpanId,
    string? ParentSpanId,
    string Service,
    string Name,
    ExportedSpanKind Kind,
    DateTimeOffset Start,
    DateTimeOffset End,
    bool IsError,
    string? StatusMessage,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyList<ExportedSpanLink> Links)
{
    public string? Attribute(string key) => Attributes.GetValueOrDefault(key);
}

public sealed record ExportedSpanLink(string TraceId, string SpanId);

/// <summary>OTLP's span kinds, same numbers.</summary>
public enum ExportedSpanKind
{
    Unspecified,
    Internal,
    Server,
    Client,
    Producer,
    Consumer,
}
