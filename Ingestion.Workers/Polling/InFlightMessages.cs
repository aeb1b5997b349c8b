using Ingestion.Workers.Messages;

namespace Ingestion.Workers.Polling;

/// <summary>
/// The batch's messages that are still ours (received, not yet finished), each with when its
/// visibility runs out, so the extender renews exactly those about to reappear.
/// </summary>
internal sealed class InFlightMessages
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (InboundMessage Message, DateTimeOffset VisibleAt)> _messages;

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

    /// <summary>Stops tracking a message whose work is finished; its settlement is the batch's job.</summary>
    public void Complete(InboundMessage message)
    {
        lock (_lock)
        {
            _messages.Remove(message.MessageId);
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
