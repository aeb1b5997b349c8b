namespace Ingestion.AppHost.Telemetry.Model;

/// <summary>One structured log record; <see cref="Sequence"/> orders records as they arrived.</summary>
public sealed record LogEntry(
    long Sequence,
    DateTimeOffset Timestamp,
    string Resource,
    string Scope,
    LogSeverity Severity,
    string Message,
    string? TraceId,
    string? SpanId,
    IReadOnlyDictionary<string, string> Attributes)
{
    public string? Attribute(string key) => Attributes.GetValueOrDefault(key);
}

/// <summary>OTLP severity numbers folded into .NET's level names (1-4 trace … 21-24 critical).</summary>
public enum LogSeverity
{
    Unspecified,
    Trace,
    Debug,
    Information,
    Warning,
    Error,
    Critical,
}
