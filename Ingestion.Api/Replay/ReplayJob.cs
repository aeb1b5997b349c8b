using System.Text.Json.Serialization;
using Ingestion.Api.Sources;

namespace Ingestion.Api.Replay;

public enum ReplayState
{
    Queued,
    Running,
    Completed,
    Failed,
}

/// <summary>One accepted replay and its progress, updated by the job as it goes and read by GET /replay/{id}.</summary>
public sealed class ReplayJob(string id, SourceDefinition source, DateTimeOffset from, DateTimeOffset to, SubscriberQueue? target, DateTimeOffset acceptedAt)
{
    private long _objectsRead;
    private long _eventsReplayed;
    private long _eventsFiltered;

    public string Id { get; } = id;

    public SourceDefinition Source { get; } = source;

    public DateTimeOffset From { get; } = from;

    public DateTimeOffset To { get; } = to;

    /// <summary>Null: through the topic, to every subscriber its filter lets through.</summary>
    public SubscriberQueue? Target { get; } = target;

    public ReplayState State { get; private set; } = ReplayState.Queued;

    public string? CurrentPrefix { get; set; }

    public string? Error { get; private set; }

    public DateTimeOffset? FinishedAt { get; private set; }

    public void ObjectRead() => Interlocked.Increment(ref _objectsRead);

    public void Replayed(int count) => Interlocked.Add(ref _eventsReplayed, count);

    /// <summary>An event the target queue's filter policy would not have let through.</summary>
    public void Filtered() => Interlocked.Increment(ref _eventsFiltered);

    public void Started() => State = ReplayState.Running;

    public void Completed(DateTimeOffset at) => (State, FinishedAt) = (ReplayState.Completed, at);

    public void Failed(string error, DateTimeOffset at) => (State, Error, FinishedAt) = (ReplayState.Failed, error, at);

    public ReplayStatus Snapshot() => new(
        Id, Source.Name, Target?.Name ?? "topic", From, To, State.ToString().ToLowerInvariant(), CurrentPrefix,
        Interlocked.Read(ref _objectsRead), Interlocked.Read(ref _eventsReplayed), Interlocked.Read(ref _eventsFiltered), Error, acceptedAt, FinishedAt);
}

/// <summary>What GET /replay/{id} answers (and POST /replay, at acceptance).</summary>
public sealed record ReplayStatus(
    [property: JsonPropertyName("replay_id")] string ReplayId,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("target")] string Target,
    [property: JsonPropertyName("from")] DateTimeOffset From,
    [property: JsonPropertyName("to")] DateTimeOffset To,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("current_prefix")] string? CurrentPrefix,
    [property: JsonPropertyName("objects_read")] long ObjectsRead,
    [property: JsonPropertyName("events_replayed")] long EventsReplayed,
    [property: JsonPropertyName("events_filtered_out")] long EventsFilteredOut,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("accepted_at")] DateTimeOffset AcceptedAt,
    [property: JsonPropertyName("finished_at")] DateTimeOffset? FinishedAt);
