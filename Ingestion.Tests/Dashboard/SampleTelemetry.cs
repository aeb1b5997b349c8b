using Ingestion.AppHost.Telemetry;
using Ingestion.AppHost.Telemetry.Model;

namespace Ingestion.Tests.Dashboard;

/// <summary>
/// Spans, logs and metrics shaped like the real services' (API ingest → create → send; worker
/// process → PutItem), put straight into a store: for journey tests and the dashboard screenshots.
/// </summary>
public static class SampleTelemetry
{
    private static readonly Dictionary<string, string> NoAttributes = [];

    public static string TraceId(int n) => n.ToString("x32", System.Globalization.CultureInfo.InvariantCulture);

    public static string SpanId(int trace, int n) => (trace * 100 + n).ToString("x16", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// One event from POST to DynamoDB write; <paramref name="failures"/> failed attempts come first,
    /// then a successful one unless <paramref name="succeeds"/> is false.
    /// </summary>
    public static IReadOnlyList<SpanData> Event(int n, string eventId, DateTimeOffset start, string source = "sourceA", string entity = "CONTRACT", int failures = 0, bool stored = true, bool succeeds = true)
    {
        var traceId = TraceId(n);
        var queue = $"{source}-queue.fifo";
        var item = $"{entity}#c-{n}";
        var tags = new Dictionary<string, string> { ["event_id"] = eventId, ["source"] = source, ["entity_name"] = entity };
        var spans = new List<SpanData>
        {
            Span(traceId, SpanId(n, 1), null, "api", $"POST /sources/{{source}}/events", SpanKind.Server, start, 14, attributes: new() { ["http.request.method"] = "POST", ["http.route"] = "/sources/{source}/events", ["http.response.status_code"] = "202" }),
            Span(traceId, SpanId(n, 2), SpanId(n, 1), "api", $"ingest {source}", SpanKind.Internal, start.AddMilliseconds(1), 12, attributes: With(tags, [])),
            Span(traceId, SpanId(n, 3), SpanId(n, 2), "api", "create data-ingestion.fifo", SpanKind.Producer, start.AddMilliseconds(2), 0.4, attributes: With(tags, new() { ["messaging.system"] = "aws_sns", ["messaging.operation.type"] = "create", ["messaging.message.conversation_id"] = item })),
            Span(traceId, SpanId(n, 4), SpanId(n, 2), "api", "send data-ingestion.fifo", SpanKind.Client, start.AddMilliseconds(3), 9, attributes: new() { ["messaging.system"] = "aws_sns", ["messaging.operation.type"] = "send", ["messaging.batch.message_count"] = "1" }),
        };
        var at = start.AddMilliseconds(40);
        for (var attempt = 0; attempt < failures + (succeeds ? 1 : 0); attempt++)
        {
            var failed = attempt < failures;
            var process = Span(traceId, SpanId(n, 10 + (attempt * 2)), SpanId(n, 3), $"worker-{source}", $"process {queue}", SpanKind.Consumer, at, failed ? 6 : 11,
                attributes: With(tags, new() { ["messaging.system"] = "aws_sqs", ["messaging.operation.type"] = "process", ["messaging.destination.name"] = queue, ["messaging.message.id"] = $"m-{n}" }),
                status: failed ? SpanStatus.Error : SpanStatus.Unset,
                statusMessage: failed ? "contract_status must be one of DRAFT, ACTIVE, SUSPENDED, COMPLETED, CANCELLED" : null,
                events: failed ? [new SpanEvent("exception", at.AddMilliseconds(5), new Dictionary<string, string> { ["exception.type"] = "Ingestion.Workers.InvalidEventException", ["exception.message"] = "contract_status must be one of DRAFT, ACTIVE, SUSPENDED, COMPLETED, CANCELLED" })] : []);
            spans.Add(process);
            if (!failed && stored)
            {
                spans.Add(Span(traceId, SpanId(n, 11 + (attempt * 2)), process.SpanId, $"worker-{source}", "PutItem datastore", SpanKind.Client, at.AddMilliseconds(2), 7,
                    attributes: new() { ["db.system.name"] = "aws.dynamodb", ["db.operation.name"] = "PutItem", ["db.collection.name"] = "datastore", ["ingestion.write.outcome"] = "stored" }));
            }

            at = at.AddSeconds(30);
        }

        return spans;
    }

    public static SpanData Span(
        string traceId, string spanId, string? parentId, string resource, string name, SpanKind kind, DateTimeOffset start, double durationMs,
        Dictionary<string, string>? attributes = null, SpanStatus status = SpanStatus.Unset, string? statusMessage = null, IReadOnlyList<SpanEvent>? events = null) =>
        new(traceId, spanId, parentId, resource, resource == "api" ? "Ingestion.Api" : "Ingestion.Workers", name, kind, start, start.AddMilliseconds(durationMs),
            status, statusMessage, attributes ?? NoAttributes, events ?? [], []);

    public static LogEntry Log(string resource, LogSeverity severity, string message, DateTimeOffset at, string? traceId = null, Dictionary<string, string>? attributes = null) =>
        new(0, at, resource, resource == "api" ? "Ingestion.Api.Publishing.EventPublisher" : "Ingestion.Workers.SourceQueuePoller", severity, message, traceId, null, attributes ?? NoAttributes);

    /// <summary>A busy few minutes: stored events, a retried one, a dead-lettered one, logs and metrics.</summary>
    public static void Seed(TelemetryStore store, DateTimeOffset now)
    {
        var start = now.AddMinutes(-6);
        for (var n = 1; n <= 24; n++)
        {
            var source = (n % 3) switch { 0 => "sourceA", 1 => "sourceB", _ => "sourceC" };
            var entity = source switch { "sourceA" => "EQUIPMENT", "sourceB" => "CONTRACT", _ => "MILESTONE" };
            var failures = n == 7 ? 1 : n == 19 ? 3 : 0;
            store.AddSpans(Event(n, $"evt-{n:D4}-5b1c-4e0f-9a7d-{n:D12}", start.AddSeconds(n * 14), source, entity, failures, succeeds: n != 19));
            store.AddLogs([Log("api", LogSeverity.Information, $"Accepted 1 event for {source}", start.AddSeconds(n * 14), TraceId(n), new() { ["source"] = source })]);
            if (failures > 0)
            {
                store.AddLogs([Log($"worker-{source}", LogSeverity.Warning, $"Message m-{n} (group {entity}#c-{n}) failed on receive 1, left for redelivery: contract_status must be one of DRAFT, ACTIVE, SUSPENDED, COMPLETED, CANCELLED", start.AddSeconds((n * 14) + 1), TraceId(n), new() { ["MessageId"] = $"m-{n}", ["event_id"] = $"evt-{n:D4}-5b1c-4e0f-9a7d-{n:D12}" })]);
            }
        }

        store.AddLogs([Log("worker-sourceC", LogSeverity.Error, "Processing a batch from sourceC-queue.fifo failed unexpectedly; its messages reappear when their visibility runs out", now.AddSeconds(-20))]);
        var accepted = new MetricIdentity("ingestion.api.events.accepted", "{event}", "Events accepted by the API.", MetricKind.Counter);
        var processed = new MetricIdentity("ingestion.worker.messages.processed", "{message}", "Messages handled successfully.", MetricKind.Counter);
        var duration = new MetricIdentity("ingestion.worker.processing.duration", "s", "Time to process one message.", MetricKind.Histogram);
        var samples = new List<MetricSample>();
        for (var i = 0; i < 36; i++)
        {
            var t = start.AddSeconds(i * 10);
            samples.Add(new(accepted, "api", NoAttributes, t, i * 3 + (i % 4), null, false));
            foreach (var (source, factor) in new[] { ("sourceA", 1.0), ("sourceB", 0.7) })
            {
                samples.Add(new(processed, $"worker-{source}", NoAttributes, t, Math.Floor(i * 1.4 * factor), null, false));
                var count = (ulong)(i * 2 + 1);
                samples.Add(new(duration, $"worker-{source}", NoAttributes, t, count, new HistogramValue(count, count * (0.008 + (i % 5) * 0.002 * factor), [0.005, 0.01, 0.025, 0.05], [count / 4, count / 2, count / 4, 0, 0]), false));
            }
        }

        store.AddMetrics(samples);
    }

    private static Dictionary<string, string> With(Dictionary<string, string> tags, Dictionary<string, string> more) =>
        tags.Concat(more).ToDictionary(pair => pair.Key, pair => pair.Value);
}
