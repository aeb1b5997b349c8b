using Ingestion.AppHost.Telemetry.Model;

namespace Ingestion.AppHost.Telemetry.Storage;

/// <summary>
/// Structured logs in arrival order, at most <see cref="TelemetryLimits.MaxLogs"/>: the oldest
/// record is evicted first. Thread-safe; queries return copies.
/// </summary>
public sealed class LogBuffer
{
    private readonly Lock _gate = new();
    private readonly Queue<LogEntry> _entries = new();
    private readonly TelemetryLimits _limits;
    private long _lastSequence;

    internal LogBuffer(TelemetryLimits limits) => _limits = limits;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    public long LastSequence => Interlocked.Read(ref _lastSequence);

    internal void Add(IEnumerable<LogEntry> entries)
    {
        lock (_gate)
        {
            foreach (var entry in entries)
            {
                _entries.Enqueue(entry with { Sequence = ++_lastSequence });
            }

            while (_entries.Count > _limits.MaxLogs)
            {
                _entries.Dequeue();
            }
        }
    }

    /// <summary>Matching records, the newest first.</summary>
    public IReadOnlyList<LogEntry> Query(LogQuery query)
    {
        LogEntry[] snapshot;
        lock (_gate)
        {
            snapshot = _entries.ToArray();
        }

        var matches = new List<LogEntry>(Math.Min(query.Limit, 256));
        for (var index = snapshot.Length - 1; index >= 0 && matches.Count < query.Limit; index--)
        {
            if (snapshot[index].Sequence <= query.AfterSequence)
            {
                break;
            }

            if (query.Matches(snapshot[index]))
            {
                matches.Add(snapshot[index]);
            }
        }

        return matches;
    }
}

/// <summary>
/// Filters of the structured logs: resource, lowest severity, text (in the message or any
/// attribute value), attribute (<c>key=value</c> or <c>key</c>), trace id.
/// </summary>
public sealed record LogQuery(
    string? Resource = null,
    LogSeverity MinSeverity = LogSeverity.Unspecified,
    string? Text = null,
    string? Attribute = null,
    string? TraceId = null,
    long AfterSequence = 0,
    int Limit = 500)
{
    private AttributeFilter? _attribute = string.IsNullOrEmpty(Attribute) ? null : AttributeFilter.Parse(Attribute);

    public bool Matches(LogEntry entry) =>
        (string.IsNullOrEmpty(Resource) || string.Equals(entry.Resource, Resource, StringComparison.OrdinalIgnoreCase))
        && entry.Severity >= MinSeverity
        && (string.IsNullOrEmpty(TraceId) || string.Equals(entry.TraceId, TraceId, StringComparison.OrdinalIgnoreCase))
        && (_attribute is null || _attribute.Matches(entry.Attributes))
        && (string.IsNullOrEmpty(Text) || ContainsText(entry, Text));

    private static bool ContainsText(LogEntry entry, string text) =>
        entry.Message.Contains(text, StringComparison.OrdinalIgnoreCase)
        || entry.Scope.Contains(text, StringComparison.OrdinalIgnoreCase)
        || entry.Attributes.Values.Any(value => value.Contains(text, StringComparison.OrdinalIgnoreCase));
}
