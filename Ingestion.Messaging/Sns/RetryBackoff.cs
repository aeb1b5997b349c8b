namespace Ingestion.Messaging.Sns;

/// <summary>
/// The AWS SDKs' standard-mode backoff: full jitter over an exponentially growing cap,
/// so clients that failed together do not retry together.
/// </summary>
internal sealed class RetryBackoff(TimeSpan baseDelay, TimeSpan maxBackoff)
{
    /// <param name="retry">1 for the first retry (the second attempt).</param>
    public TimeSpan DelayBefore(int retry)
    {
        var capMs = Math.Min(baseDelay.TotalMilliseconds * Math.Pow(2, retry - 1), maxBackoff.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capMs * Random.Shared.NextDouble());
    }
}
