namespace Ingestion.Workers.Polling;

/// <summary>What the liveness check reads: when the poller last got an answer from SQS, and whether a batch is running.</summary>
internal sealed class PollerHeartbeat(TimeProvider timeProvider)
{
    // Starts "just now", so a worker is healthy while its first long poll is still waiting.
    private long _lastReceiveTicks = timeProvider.GetUtcNow().UtcTicks;
    private int _batchesRunning;

    public DateTimeOffset LastReceive => new(Interlocked.Read(ref _lastReceiveTicks), TimeSpan.Zero);

    public bool BatchRunning => Volatile.Read(ref _batchesRunning) > 0;

    public void ReceiveSucceeded() => Interlocked.Exchange(ref _lastReceiveTicks, timeProvider.GetUtcNow().UtcTicks);

    public void BatchStarted() => Interlocked.Increment(ref _batchesRunning);

    public void BatchFinished()
    {
        Interlocked.Decrement(ref _batchesRunning);
        // Processing is progress too: the next receive starts now.
        ReceiveSucceeded();
    }
}
