using Ingestion.Messaging.Sns;

namespace Ingestion.Tests.Api;

/// <summary>
/// What an SNS FIFO topic keeps of the PublishBatch calls it answers: the accepted messages in the
/// order it accepted them, a repeated deduplication id answered as a success but not kept again (as
/// SNS does within five minutes). <see cref="Refuse"/> fails chosen entries, one by one.
/// </summary>
internal sealed class FakeFifoTopic
{
    private readonly List<SnsBatchEntry> _accepted = [];
    private readonly HashSet<string> _deduplicationIds = new(StringComparer.Ordinal);
    private int _messageIds;

    /// <summary>Entries this returns true for are refused (an internal error, retryable).</summary>
    public Func<SnsBatchEntry, bool> Refuse { get; set; } = _ => false;

    public IReadOnlyList<SnsBatchEntry> Accepted
    {
        get
        {
            lock (_accepted)
            {
                return [.. _accepted];
            }
        }
    }

    /// <summary>Answers a fake client's PublishBatch calls: <c>sns.OnPublishBatch = topic.PublishBatch</c>.</summary>
    public Task<SnsPublishBatchResult> PublishBatch(int call, IReadOnlyList<SnsBatchEntry> entries)
    {
        var successes = new List<SnsBatchSuccess>();
        var failures = new List<SnsBatchFailure>();
        lock (_accepted)
        {
            foreach (var entry in entries)
            {
                if (Refuse(entry))
                {
                    failures.Add(new SnsBatchFailure(entry.Id, "InternalError", "injected", SenderFault: false));
                    continue;
                }

                if (_deduplicationIds.Add(entry.MessageDeduplicationId!))
                {
                    _accepted.Add(entry);
                }

                successes.Add(new SnsBatchSuccess(entry.Id, $"topic-msg-{++_messageIds}"));
            }
        }

        return Task.FromResult(new SnsPublishBatchResult(successes, failures));
    }
}
