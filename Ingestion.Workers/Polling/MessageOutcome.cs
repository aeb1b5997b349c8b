using Ingestion.Workers.Messages;

namespace Ingestion.Workers.Polling;

internal enum MessageDisposition
{
    /// <summary>Done: delete it.</summary>
    Succeeded,

    /// <summary>
    /// Failed: hidden for a back-off that grows with its receive count, then offered again; on its
    /// last allowed receive it goes to the dead-letter queue with this failure as the reason.
    /// </summary>
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

    /// <summary>
    /// Not run, or failed, while the store is unavailable (<see cref="StoreCircuit"/> open): put back
    /// as a fresh copy like <see cref="HeldBack"/>, so an outage is never charged to the message.
    /// </summary>
    Deferred,

    /// <summary>Cancelled part-way at the end of the shutdown grace period: release it at once (writes are idempotent).</summary>
    Interrupted,
}

/// <param name="StoreUnavailable">The failure was the store's (throttling, 5xx, timeout, no connection), not the message's.</param>
internal sealed record MessageOutcome(InboundMessage Message, MessageDisposition Disposition, string? Reason = null, bool StoreUnavailable = false)
{
    public static MessageOutcome Succeeded(InboundMessage message) => new(message, MessageDisposition.Succeeded);

    public static MessageOutcome Failed(InboundMessage message, string reason) => new(message, MessageDisposition.Failed, reason);

    public static MessageOutcome Unavailable(InboundMessage message, string reason) => new(message, MessageDisposition.Failed, reason, StoreUnavailable: true);

    public static MessageOutcome Rejected(InboundMessage message, string reason) => new(message, MessageDisposition.Rejected, reason);
}
