namespace Ingestion.Topology.Queues;

/// <summary>
/// The counts last shown for each queue. Every update of a resource's state travels to the
/// dashboard, which stores a snapshot of the resource each time (Aspire 13.6 persists them): 27
/// queues read every 2 s are 13 snapshots a second, most of them of idle queues whose counts did
/// not move. Only a change (or the first reading, or the first after the queue was unavailable) is
/// worth sending.
/// </summary>
internal sealed class PublishedDepths
{
    private readonly Dictionary<string, QueueCounts> _shown = new(StringComparer.Ordinal);

    /// <summary>True when <paramref name="counts"/> differ from what the queue shows now; they are then taken as shown.</summary>
    public bool Changed(string queueName, QueueCounts counts)
    {
        if (_shown.TryGetValue(queueName, out var shown) && shown == counts)
        {
            return false;
        }

        _shown[queueName] = counts;
        return true;
    }

    /// <summary>The queue shows something else now (its depth was unavailable): its next reading is shown whatever it is.</summary>
    public void Forget(string queueName) => _shown.Remove(queueName);
}
