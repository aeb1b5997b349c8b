using System.Text.Json.Serialization;

namespace Ingestion.Api.Replay;

/// <summary>
/// Publish again the archived events of <paramref name="Source"/> received in [From, To): to
/// every subscriber (through the topic), or only to the queue named <paramref name="Target"/>
/// (e.g. <c>ingestion-noise-statistics.fifo</c>), a subscriber of the topic, with that
/// subscription's filter policy applied.
/// </summary>
public sealed record ReplayRequest(
    [property: JsonPropertyName("source")] string? Source,
    [property: JsonPropertyName("from")] DateTimeOffset? From,
    [property: JsonPropertyName("to")] DateTimeOffset? To,
    [property: JsonPropertyName("target")] string? Target);
