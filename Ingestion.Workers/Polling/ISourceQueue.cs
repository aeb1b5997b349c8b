using Amazon.SQS.Model;

namespace Ingestion.Workers.Polling;

internal sealed record VisibilityChange(Message Message, TimeSpan Timeout);

internal sealed record SettleFailure(string MessageId, string Code, string Reason);

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
}
