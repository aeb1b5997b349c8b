using Ingestion.AppHost.Dashboard.Queues;
using Ingestion.AppHost.Telemetry.Model;

namespace Ingestion.AppHost.Dashboard.Journey;

/// <summary>Reads the evidence as stages and one overall status; the rules are in <see cref="Build"/>.</summary>
internal sealed class JourneyStages(EventEvidence evidence, DashboardQueue? queue, QueueCounts? counts, DeadLetterMessage? deadLetter)
{
    private readonly SpanData? _accepted = evidence.TraceSpans.Where(span => span.Kind == SpanKind.Server).MinBy(span => span.Start)
        ?? evidence.Creates.MinBy(span => span.Start);

    private readonly SpanData? _publish = evidence.Publishes.MinBy(span => span.Start);
    private readonly IReadOnlyList<SpanData> _attempts = evidence.Attempts;
    private SpanData? LastAttempt => _attempts.Count > 0 ? _attempts[^1] : null;

    private SpanData? Write => _attempts.Where(attempt => attempt.Status != SpanStatus.Error)
        .SelectMany(evidence.WritesUnder)
        .LastOrDefault(write => write.Status != SpanStatus.Error);

    public bool IsProcessed => LastAttempt is { Status: not SpanStatus.Error };

    public bool IsStored => Write is not null;

    private bool IsPublished => (_publish is { Status: not SpanStatus.Error }) || _attempts.Count > 0 || deadLetter is not null;

    private bool IsAccepted => _accepted is { Status: not SpanStatus.Error } || IsPublished;

    public string Status => this switch
    {
        _ when deadLetter is not null => "dead_lettered",
        { IsStored: true } => "stored",
        { IsProcessed: true } => "processed",
        _ when LastAttempt is { Status: SpanStatus.Error } => "retrying",
        { IsPublished: true } => "waiting",
        _ when _publish is { Status: SpanStatus.Error } || _accepted is { Status: SpanStatus.Error } => "failed",
        { IsAccepted: true } => "accepted",
        _ => "unknown",
    };

    public string Summary => Status switch
    {
        "dead_lettered" => $"In the dead-letter queue {queue?.DeadLetterName ?? ""}: {deadLetter!.Error ?? "no error recorded"}",
        "stored" => "Processed and stored.",
        "processed" => "Processed; no write span seen (already current, or the write is not traced).",
        "retrying" => $"Attempt {_attempts.Count} failed; SQS redelivers it when its visibility timeout runs out.",
        "waiting" => $"Published; waiting in {queue?.Name ?? "its queue"} or in flight.",
        "failed" => "Not published: the API failed.",
        "accepted" => "Accepted by the API; the publish span has not arrived yet.",
        _ => "No telemetry mentions this event_id, and it is in no dead-letter queue.",
    };

    public IReadOnlyList<JourneyStage> Build()
    {
        var stages = new List<JourneyStage>
        {
            Stage("accepted", "Accepted by the API", _accepted, IsAccepted, _accepted is { Status: SpanStatus.Error }),
            Stage("published", "Published to the topic", _publish, IsPublished, _publish is { Status: SpanStatus.Error }),
            QueueStage(),
            Stage("processed", ProcessedTitle(), LastAttempt, IsProcessed, LastAttempt is { Status: SpanStatus.Error }, AttemptDetail()),
            Stage("stored", "Stored in the table", Write, IsStored, failed: false, Write is null ? null : $"{Write.Name} ({Write.Attribute("ingestion.write.outcome") ?? "ok"})"),
        };
        if (deadLetter is not null)
        {
            stages.Add(new JourneyStage("dead_lettered", $"Dead-lettered in {queue?.DeadLetterName ?? "a dead-letter queue"}", "failed", deadLetter.Error, null, null, null, null));
        }

        // The first stage not done after the last done one is where the event is now.
        var lastDone = stages.FindLastIndex(stage => stage.State is "done" or "failed");
        if (Status is "waiting" or "accepted" && lastDone + 1 < stages.Count)
        {
            stages[lastDone + 1] = stages[lastDone + 1] with { State = "current" };
        }

        return stages;
    }

    private JourneyStage QueueStage()
    {
        var title = $"In queue {queue?.Name ?? "(unknown)"}";
        var detail = counts is null ? null : $"{counts.Visible} waiting, {counts.InFlight} in flight in the queue now";
        var done = _attempts.Count > 0 || deadLetter is not null;
        return new JourneyStage("queued", title, done ? "done" : "pending", detail, _attempts.FirstOrDefault()?.Start, queue?.Worker is null ? null : "worker-" + queue.Worker, null, null);
    }

    private string ProcessedTitle() => LastAttempt is null ? "Processed by the worker" : $"Processed by {LastAttempt.Resource}";

    private string? AttemptDetail() => LastAttempt switch
    {
        null => null,
        { Status: SpanStatus.Error } failed => $"Attempt {_attempts.Count} failed: {DeadLetterErrors.Describe(failed)}",
        _ when _attempts.Count > 1 => $"Succeeded on attempt {_attempts.Count}",
        _ => null,
    };

    private static JourneyStage Stage(string key, string title, SpanData? span, bool done, bool failed, string? detail = null) =>
        new(
            key,
            title,
            failed ? "failed" : done ? "done" : "pending",
            detail ?? (failed && span is not null ? DeadLetterErrors.Describe(span) : span?.Name),
            span?.Start,
            span?.Resource,
            span?.TraceId,
            span?.SpanId);
}
