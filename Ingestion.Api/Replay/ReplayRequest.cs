using System.Text.Json.Serialization;

namespace Ingestion.Api.Replay;

/// <summary>
/// Publish again the archived events of <paramref name="Source"/> received in [From, To): to
/// every subscriber (through the topic), or only to the queue named <paramref name="Target"/>
/// (e.g. <c>ingestion-noise-statistics.fifo</c>), bypassing the filter policies.
/// </summary>
public sealed record ReplayRequest(
    [property: JsonPropertyName("source")] string? Source,
    [property: JsonPropertyName("from")] DateTimeOffset? From,
    [property: JsonPropertyName("to")] DateTimeOffset? To,
    [property: JsonPropertyName("target")] string? Target);

/// <summary>What a replay did. Replaying is idempotent downstream: workers store nothing twice.</summary>
public sealed record ReplayReport(
    [property: JsonPropertyName("replay_id")] string ReplayId,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("target")] string Target,
    [property: JsonPropertyName("objects_read")] int ObjectsRead,
    [property: JsonPropertyName("events_replayed")] int EventsReplayed);
