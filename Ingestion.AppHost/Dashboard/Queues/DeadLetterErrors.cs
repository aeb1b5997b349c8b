using Ingestion.AppHost.Telemetry;
using Ingestion.AppHost.Telemetry.Model;
using Ingestion.AppHost.Telemetry.Storage;

namespace Ingestion.AppHost.Dashboard.Queues;

/// <summary>
/// Why a message failed, from the telemetry: the latest failed span about its event (status
/// description or exception event), or the latest warning-or-worse log naming the event or message.
/// </summary>
public sealed class DeadLetterErrors(TelemetryStore store)
{
    public const string EventIdAttribute = "event_id";

    public string? Find(string? eventId, string? messageId)
    {
        var candidates = new List<(DateTimeOffset At, string Text)>();
        if (eventId is not null)
        {
            candidates.AddRange(store.Traces
                .FindSpans(span => span.Status == SpanStatus.Error && span.Attribute(EventIdAttribute) == eventId)
                .Select(span => (span.End, Describe(span))));
        }

        candidates.AddRange(store.Logs.Query(new LogQuery(MinSeverity: LogSeverity.Warning, Limit: 5_000))
            .Where(entry => Names(entry, eventId, messageId))
            .Select(entry => (entry.Timestamp, entry.Message)));
        return candidates.Count == 0 ? null : candidates.MaxBy(candidate => candidate.At).Text;
    }

    public static string Describe(SpanData span)
    {
        var exception = span.Events.LastOrDefault(e => e.Name == "exception");
        var type = exception?.Attributes.GetValueOrDefault("exception.type") ?? span.Attribute("error.type");
        var message = exception?.Attributes.GetValueOrDefault("exception.message") ?? span.StatusMessage;
        return (type, message) switch
        {
            (null, null) => $"{span.Name} failed",
            (null, { } text) => text,
            ({ } kind, null) => kind,
            ({ } kind, { } text) => $"{kind}: {text}",
        };
    }

    private static bool Names(LogEntry entry, string? eventId, string? messageId) =>
        (eventId is not null && (entry.Attribute(EventIdAttribute) == eventId || entry.Attribute("EventId") == eventId))
        || (messageId is not null && (entry.Attribute("MessageId") == messageId || entry.Message.Contains(messageId, StringComparison.Ordinal)));
}
