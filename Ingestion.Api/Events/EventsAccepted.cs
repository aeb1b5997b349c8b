using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Ingestion.Api.Events;

[Description("The events SNS accepted, in request order, and the trace that follows them to the store.")]
public sealed record EventsAccepted(
    [property: JsonPropertyName("trace_id"), Description("W3C trace id of this request; the workers continue the same trace.")]
    string TraceId,
    [property: JsonPropertyName("traced"), Description("Whether that trace was recorded: each API instance keeps at most Telemetry:MaxTracesPerSecond traces a second (10 by default), the rest are dropped whole.")]
    bool Traced,
    [property: JsonPropertyName("events")]
    IReadOnlyList<AcceptedEvent> Events);

public sealed record AcceptedEvent(
    [property: JsonPropertyName("event_id")] string EventId,
    [property: JsonPropertyName("entity_name")] string EntityName);
