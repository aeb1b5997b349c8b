using Ingestion.AppHost.Telemetry.Model;

namespace Ingestion.AppHost.Telemetry.Storage;

/// <summary>
/// Spans grouped by trace, at most <see cref="TelemetryLimits.MaxTraces"/> traces: the trace
/// first seen longest ago is evicted first. Thread-safe; queries return copies.
/// </summary>
public sealed class TraceBuffer
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<TraceRecord>> _traces = new(StringComparer.Ordinal);
    private readonly LinkedList<TraceRecord> _arrivalOrder = new();
    private readonly TelemetryLimits _limits;
    private long _droppedSpans;
    private int _spanCount;

    internal TraceBuffer(TelemetryLimits limits) => _limits = limits;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _traces.Count;
            }
        }
    }

    public int SpanCount
    {
        get
        {
            lock (_gate)
            {
                return _spanCount;
            }
        }
    }

    /// <summary>Spans refused because their trace was full.</summary>
    public long DroppedSpans => Interlocked.Read(ref _droppedSpans);

    internal void Add(IEnumerable<SpanData> spans)
    {
        lock (_gate)
        {
            foreach (var span in spans)
            {
                if (!_traces.TryGetValue(span.TraceId, out var node))
                {
                    node = _arrivalOrder.AddLast(new TraceRecord(span.TraceId));
                    _traces[span.TraceId] = node;
                }

                var before = node.Value.Spans.Count;
                if (!node.Value.TryAdd(span, _limits.MaxSpansPerTrace))
                {
                    _droppedSpans++;
                }

                _spanCount += node.Value.Spans.Count - before;
            }

            while (_traces.Count > _limits.MaxTraces || (_spanCount > _limits.MaxSpans && _traces.Count > 1))
            {
                var oldest = _arrivalOrder.First!;
                _arrivalOrder.RemoveFirst();
                _traces.Remove(oldest.Value.TraceId);
                _spanCount -= oldest.Value.Spans.Count;
            }
        }
    }

    /// <summary>The trace's spans ordered by start, or null when it is unknown (or evicted).</summary>
    public IReadOnlyList<SpanData>? GetTrace(string traceId)
    {
        lock (_gate)
        {
            return _traces.TryGetValue(traceId.ToLowerInvariant(), out var node) ? node.Value.SnapshotSpans() : null;
        }
    }

    /// <summary>Traces matching the query, the most recently started first.</summary>
    public IReadOnlyList<TraceSummary> Query(TraceQuery query)
    {
        lock (_gate)
        {
            return _traces.Values
                .Select(node => node.Value)
                .Where(query.Matches)
                .OrderByDescending(trace => trace.Start)
                .Take(query.Limit)
                .Select(trace => trace.Summarise())
                .ToList();
        }
    }

    /// <summary>Every kept span the predicate accepts, in no particular order, at most <paramref name="max"/>.</summary>
    public IReadOnlyList<SpanData> FindSpans(Func<SpanData, bool> predicate, int max = 1_000)
    {
        lock (_gate)
        {
            return _traces.Values.SelectMany(node => node.Value.Spans).Where(predicate).Take(max).ToList();
        }
    }
}
