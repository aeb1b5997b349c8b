namespace Ingestion.AppHost.Telemetry.Model;

/// <summary>One received span, its ids in lower-case hex and its attribute values as text.</summary>
public sealed record SpanData(
    string TraceId,
    string SpanId,
    string? ParentSpanId,
    string Resource,
    string Scope,
    string Name,
    SpanKind Kind,
    DateTimeOffset Start,
    DateTimeOffset End,
    SpanStatus Status,
    string? StatusMessage,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyList<SpanEvent> Events,
    IReadOnlyList<SpanLink> Links)
{
    public double DurationMs => Math.Max(0, (End - Start).TotalMilliseconds);

    public string? Attribute(string key) => Attributes.GetValueOrDefault(key);
}

public sealed record SpanEvent(string Name, DateTimeOffset Time, IReadOnlyDictionary<string, string> Attributes);

public sealed record SpanLink(string TraceId, string SpanId, IReadOnlyDictionary<string, string> Attributes);

public enum SpanKind
{
    Unspecified,
    Internal,
    Server,
    Client,
    Producer,
    Consumer,
}

public enum SpanStatus
{
    Unset,
    Ok,
    Error,
}
