using Ingestion.AppHost.Telemetry.Model;

namespace Ingestion.AppHost.Telemetry.Storage;

/// <summary>One trace's spans as they arrive; not thread-safe (the buffer's lock guards it).</summary>
internal sealed class TraceRecord(string traceId)
{
    private readonly List<SpanData> _spans = [];
    private readonly HashSet<string> _spanIds = new(StringComparer.Ordinal);

    public string TraceId { get; } = traceId;

    public IReadOnlyList<SpanData> Spans => _spans;

    public DateTimeOffset Start { get; private set; } = DateTimeOffset.MaxValue;

    public DateTimeOffset End { get; private set; } = DateTimeOffset.MinValue;

    /// <summary>False when the trace is full. A span seen again (a replay, a retried export) is ignored.</summary>
    public bool TryAdd(SpanData span, int maxSpans)
    {
        if (_spanIds.Contains(span.SpanId))
        {
            return true;
        }

        if (_spans.Count >= maxSpans)
        {
            return false;
        }

        _spanIds.Add(span.SpanId);
        _spans.Add(span);
        Start = span.Start < Start ? span.Start : Start;
        End = span.End > End ? span.End : End;
        return true;
    }

    public IReadOnlyList<SpanData> SnapshotSpans() => _spans.OrderBy(span => span.Start).ToList();

    public TraceSummary Summarise()
    {
        var root = _spans
            .Where(span => span.ParentSpanId is null || !_spanIds.Contains(span.ParentSpanId))
            .MinBy(span => span.Start) ?? _spans[0];
        return new TraceSummary(
            TraceId,
            root.Name,
            root.Resource,
            Start,
            Math.Max(0, (End - Start).TotalMilliseconds),
            _spans.Count,
            _spans.Count(span => span.Status == SpanStatus.Error),
            _spans.Select(span => span.Resource).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList());
    }
}
