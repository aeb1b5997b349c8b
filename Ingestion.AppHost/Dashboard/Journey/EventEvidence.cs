using Ingestion.AppHost.Telemetry;
using Ingestion.AppHost.Telemetry.Model;
using Ingestion.AppHost.Telemetry.Storage;

namespace Ingestion.AppHost.Dashboard.Journey;

/// <summary>
/// Everything the telemetry holds about one event: the spans tagged with its <c>event_id</c>, the
/// traces they are in, the publish spans that link to its producer span from another trace (a
/// coalesced batch hangs under its first event), and the logs that name it.
/// </summary>
internal sealed class EventEvidence
{
    public const string EventIdAttribute = "event_id";
    private readonly Dictionary<string, SpanData> _byId;

    private EventEvidence(IReadOnlyList<SpanData> tagged, IReadOnlyList<SpanData> traceSpans, IReadOnlyList<SpanData> publishes, IReadOnlyList<LogEntry> logs)
    {
        Tagged = tagged;
        TraceSpans = traceSpans;
        Publishes = publishes;
        Logs = logs;
        _byId = traceSpans.GroupBy(span => span.SpanId).ToDictionary(group => group.Key, group => group.First());
    }

    public IReadOnlyList<SpanData> Tagged { get; }

    public IReadOnlyList<SpanData> TraceSpans { get; }

    public IReadOnlyList<SpanData> Publishes { get; }

    public IReadOnlyList<LogEntry> Logs { get; }

    public IReadOnlyList<string> TraceIds => Tagged.OrderBy(span => span.Start).Select(span => span.TraceId).Distinct().ToList();

    public IEnumerable<SpanData> Creates => Tagged.Where(span => span.Kind == SpanKind.Producer && !IsSend(span));

    /// <summary>Process spans, one per delivery attempt, oldest first.</summary>
    public IReadOnlyList<SpanData> Attempts => Tagged
        .Where(span => span.Kind == SpanKind.Consumer || span.Attribute("messaging.operation.type") == "process")
        .OrderBy(span => span.Start)
        .ToList();

    public string? Source => Tagged.Select(span => span.Attribute("source")).FirstOrDefault(value => value is not null);

    public string? EntityName => Tagged.Select(span => span.Attribute("entity_name")).FirstOrDefault(value => value is not null);

    public static EventEvidence Collect(TelemetryStore store, string eventId)
    {
        var tagged = store.Traces.FindSpans(span => span.Attribute(EventIdAttribute) == eventId);
        var traceSpans = tagged.Select(span => span.TraceId).Distinct()
            .SelectMany(traceId => store.Traces.GetTrace(traceId) ?? [])
            .ToList();
        var producerIds = tagged.Where(span => span.Kind == SpanKind.Producer).Select(span => span.SpanId).ToHashSet();
        var publishes = traceSpans.Where(IsSend)
            .Concat(producerIds.Count == 0 ? [] : store.Traces.FindSpans(span => IsSend(span) && span.Links.Any(link => producerIds.Contains(link.SpanId))))
            .DistinctBy(span => span.SpanId)
            .ToList();
        var traceIds = traceSpans.Select(span => span.TraceId).ToHashSet();
        var logs = store.Logs.Query(new LogQuery(Attribute: $"{EventIdAttribute}={eventId}", Limit: 200))
            .Concat(store.Logs.Query(new LogQuery(MinSeverity: LogSeverity.Warning, Limit: 5_000)).Where(entry => entry.TraceId is not null && traceIds.Contains(entry.TraceId)))
            .DistinctBy(entry => entry.Sequence)
            .OrderBy(entry => entry.Timestamp)
            .ToList();
        return new EventEvidence(tagged, traceSpans, publishes, logs);
    }

    /// <summary>Client spans to a database below <paramref name="attempt"/> (the worker's DynamoDB write).</summary>
    public IEnumerable<SpanData> WritesUnder(SpanData attempt) =>
        TraceSpans.Where(span => span.Attribute("db.system.name") is not null || span.Attribute("db.system") is not null)
            .Where(span => IsUnder(span, attempt.SpanId))
            .OrderBy(span => span.Start);

    public IEnumerable<SpanData> Failures => TraceSpans.Where(span => span.Status == SpanStatus.Error).OrderBy(span => span.Start);

    private bool IsUnder(SpanData span, string ancestorId)
    {
        var current = span;
        for (var depth = 0; depth < 64 && current.ParentSpanId is { } parentId; depth++)
        {
            if (parentId == ancestorId)
            {
                return true;
            }

            if (!_byId.TryGetValue(parentId, out current!))
            {
                return false;
            }
        }

        return false;
    }

    private static bool IsSend(SpanData span) =>
        span.Attribute("messaging.operation.type") is "send" or "publish"
        && span.Kind is SpanKind.Producer or SpanKind.Client;
}
