using Amazon.SQS.Model;

namespace Ingestion.Workers.Polling;

internal sealed record VisibilityChange(Message Message, TimeSpan Timeout);

internal sealed record SettleFailure(string MessageId, string Code, string Reason);

/// <summary>A message that failed for good, and why: the reason travels with it to the dead-letter queue.</summary>
internal sealed record DeadLetter(Message Message, string Reason);

/// <summary>The SQS calls the poller makes on its one queue; a seam so batch semantics can be tested without SQS.</summary>
internal interface ISourceQueue
{
    string QueueName { get; }

    /// <summary>One long poll; an empty list when nothing arrived within the wait time.</summary>
    Task<IReadOnlyList<Message>> ReceiveAsync(CancellationToken cancellationToken);

    /// <returns>The entries SQS did not delete.</returns>
    Task<IReadOnlyList<SettleFailure>> DeleteAsync(IReadOnlyList<Message> messages, CancellationToken cancellationToken);

    /// <returns>The entries SQS did not change.</returns>
    Task<IReadOnlyList<SettleFailure>> ChangeVisibilityAsync(IReadOnlyList<VisibilityChange> changes, CancellationToken cancellationToken);

    /// <summary>The queue's maxReceiveCount (its RedrivePolicy): the receive on which a failing message is dead-lettered.</summary>
    Task<int> GetMaxReceiveCountAsync(CancellationToken cancellationToken);

    /// <summary>Copies each message, with its reason, to this queue's dead-letter queue (the originals stay until deleted).</summary>
    /// <returns>The messages not copied.</returns>
    Task<IReadOnlyList<SettleFailure>> SendToDeadLetterQueueAsync(IReadOnlyList<DeadLetter> letters, CancellationToken cancellationToken);

    /// <summary>Copies each message to this queue again, same group, body and attributes, with a receive count of zero.</summary>
    /// <returns>The messages not copied.</returns>
    Task<IReadOnlyList<SettleFailure>> RequeueAsync(IReadOnlyList<Message> messages, CancellationToken cancellationToken);
}
