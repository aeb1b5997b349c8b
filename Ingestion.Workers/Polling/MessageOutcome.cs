using Ingestion.Workers.Messages;

namespace Ingestion.Workers.Polling;

internal enum MessageDisposition
{
    /// <summary>Done: delete it.</summary>
    Succeeded,

    /// <summary>Failed: leave it for SQS to redeliver after the retry delay, and to dead-letter after maxReceiveCount.</summary>
    Failed,

    /// <summary>Not run because the worker is stopping: release it at once.</summary>
    NotStarted,

    /// <summary>
    /// Not run because an earlier message of its group failed: put back as a fresh copy, so the
    /// failure of another message never counts toward its own maxReceiveCount.
    /// </summary>
    HeldBack,

    /// <summary>Failed for good (<see cref="Ingestion.Workers.Handling.MessageHandlerStatus.Rejected"/>): to the dead-letter queue now, with the reason.</summary>
    Rejected,

    /// <summary>Cancelled part-way at the end of the shutdown grace period: release it at once (writes are idempotent).</summary>
    Interrupted,
}

internal sealed record MessageOutcome(InboundMessage Message, MessageDisposition Disposition, string? Reason = null)
{
    public static MessageOutcome Succeeded(InboundMessage message) => new(message, MessageDisposition.Succeeded);

    public static MessageOutcome Failed(InboundMessage message, string reason) => new(message, MessageDisposition.Failed, reason);

    public static MessageOutcome Rejected(InboundMessage message, string reason) => new(message, MessageDisposition.Rejected, reason);
}
