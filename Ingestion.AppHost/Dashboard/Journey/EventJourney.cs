using System.Text.Json.Nodes;
using Ingestion.AppHost.Dashboard.Queues;

namespace Ingestion.AppHost.Dashboard.Journey;

/// <summary>
/// Where one event is, pieced together from its spans, its logs, the queues and the table.
/// <paramref name="Status"/>: unknown, accepted, published, waiting, retrying, processed, stored,
/// failed or dead_lettered. <paramref name="Stages"/> read top to bottom as the event's path.
/// </summary>
public sealed record EventJourney(
    string EventId,
    string Status,
    string Summary,
    string? Source,
    string? EntityName,
    string? Queue,
    IReadOnlyList<JourneyStage> Stages,
    IReadOnlyList<string> TraceIds,
    string? ItemId,
    JsonObject? StoredItem,
    DeadLetterMessage? DeadLetter,
    IReadOnlyList<JourneyError> Errors);

/// <param name="State">done, current, failed or pending.</param>
public sealed record JourneyStage(
    string Key,
    string Title,
    string State,
    string? Detail,
    DateTimeOffset? At,
    string? Resource,
    string? TraceId,
    string? SpanId);

public sealed record JourneyError(DateTimeOffset At, string Resource, string Message, string? TraceId, string? SpanId);
