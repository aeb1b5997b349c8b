using Ingestion.Workers.Messages;

namespace Ingestion.Workers.Polling;

internal enum MessageDisposition
{
    /// <summary>Done: delete it.</summary>
    Succeeded,

    /// <summary>Failed: leave it for SQS to redeliver after the retry delay, and to dead-letter after maxReceiveCount.</summary>
    Failed,

    /// <summary>Not run (an earlier message of its group failed, or the worker is stopping): release it at once.</summary>
    NotStarted,

    /// <summary>Cancelled part-way at the end of the shutdown grace period: release it at once (writes are idempotent).</summary>
    Interrupted,
}

internal sealed record MessageOutcome(InboundMessage Message, MessageDisposition Disposition, string? Reason = null)
{
    public static MessageOutcome Succeeded(InboundMessage message) => new(message, MessageDisposition.Succeeded);

    public static MessageOutcome Failed(InboundMessage message, string reason) => new(message, MessageDisposition.Failed, reason);
}
