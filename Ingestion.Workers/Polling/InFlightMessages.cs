using Ingestion.Workers.Messages;

namespace Ingestion.Workers.Polling;

/// <summary>
/// The batch's messages that are still ours (received, not yet settled), each with when its
/// visibility runs out, so the extender renews exactly those about to reappear. A message stays here
/// after its work is done, until the call that settles it (delete, release) is about to be made: a
/// finished message waiting for the rest of its batch must not reappear and run again.
/// </summary>
internal sealed class InFlightMessages
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (InboundMessage Message, DateTimeOffset VisibleAt)> _messages;

    // Held by the extender for the length of its call, and by settlement while it takes messages
    // out: an extension never lands after the call that settles the message.
    private readonly SemaphoreSlim _calls = new(1, 1);

    public InFlightMessages(IEnumerable<InboundMessage> messages, DateTimeOffset visibleAt)
    {
        _messages = messages.ToDictionary(message => message.MessageId, message => (message, visibleAt), StringComparer.Ordinal);
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _messages.Count;
            }
        }
    }

    /// <summary>
    /// Stops tracking messages about to be settled; waits for an extension call in progress, so
    /// none of theirs can follow the settling call.
    /// </summary>
    public async Task SettleAsync(IEnumerable<string> messageIds)
    {
        await _calls.WaitAsync();
        try
        {
            lock (_lock)
            {
                foreach (var messageId in messageIds)
                {
                    _messages.Remove(messageId);
                }
            }
        }
        finally
        {
            _calls.Release();
        }
    }

    /// <summary>Runs one extension call with settlement kept out until it returns.</summary>
    public async Task<T> ExtendingAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        await _calls.WaitAsync(cancellationToken);
        try
        {
            return await call();
        }
        finally
        {
            _calls.Release();
        }
    }

    /// <summary>The messages that become visible within <paramref name="threshold"/> of <paramref name="now"/>.</summary>
    public IReadOnlyList<InboundMessage> DueForExtension(DateTimeOffset now, TimeSpan threshold)
    {
        lock (_lock)
        {
            return _messages.Values.Where(entry => entry.VisibleAt - now <= threshold).Select(entry => entry.Message).ToList();
        }
    }

    /// <summary>Records renewed visibility for those of <paramref name="messages"/> still in flight.</summary>
    public void Extended(IEnumerable<InboundMessage> messages, DateTimeOffset visibleAt)
    {
        lock (_lock)
        {
            foreach (var message in messages)
            {
                if (_messages.ContainsKey(message.MessageId))
                {
                    _messages[message.MessageId] = (message, visibleAt);
                }
            }
        }
    }
}
