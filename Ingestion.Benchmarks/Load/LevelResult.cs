using Ingestion.Benchmarks.Measurement;

namespace Ingestion.Benchmarks.Load;

/// <summary>
/// One load level, judged from the items themselves: stored per second is what reached DynamoDB
/// within the load window; what was still missing at its end is the backlog; the drain is how long
/// after the window the last item was stored; POST → stored is STORED_AT minus the time the
/// request left, for every accepted event.
/// </summary>
internal sealed record LevelResult(
    string Name,
    double OfferedPerSecond,
    double Seconds,
    int Sent,
    int Accepted,
    int Rejected,
    int TransportErrors,
    int StoredInWindow,
    int StoredInTotal,
    double DrainSeconds,
    LatencySummary RequestLatency,
    LatencySummary PostToStored)
{
    public double AcceptedPerSecond => Accepted / Seconds;

    public double StoredPerSecond => StoredInWindow / Seconds;

    public int Lost => Accepted - StoredInTotal;

    /// <summary>
    /// Everything stored over the time from the first request to the last item stored: the rate the
    /// workers sustain, whatever backlog built up (for a level that kept up, about the accepted rate).
    /// </summary>
    public double SustainedStoredPerSecond => StoredInTotal / (Seconds + DrainSeconds);

    /// <summary>
    /// Kept up: the API took what was offered (95%), the workers stored what the API took (95%)
    /// within the window, and the backlog at its end drained within two seconds.
    /// </summary>
    public bool KeptUp => (OfferedPerSecond <= 0 || Accepted >= 0.95 * OfferedPerSecond * Seconds)
        && StoredInWindow >= 0.95 * Accepted && Lost == 0 && DrainSeconds <= 2;

    public static LevelResult From(string name, double offeredPerSecond, LoadResult load, IReadOnlyDictionary<string, DateTimeOffset> stored)
    {
        var storedAt = load.Accepted.Where(sent => stored.ContainsKey(sent.ItemId)).Select(sent => (sent, at: stored[sent.ItemId])).ToList();
        var last = storedAt.Count == 0 ? load.EndedAt : storedAt.Max(entry => entry.at);
        return new LevelResult(
            name,
            offeredPerSecond,
            load.Seconds,
            load.SentEvents,
            load.Accepted.Count,
            load.RejectedByStatus.Values.Sum(),
            load.TransportErrors,
            storedAt.Count(entry => entry.at <= load.EndedAt),
            storedAt.Count,
            Math.Max(0, (last - load.EndedAt).TotalSeconds),
            load.RequestLatency,
            Percentiles.Summarise(storedAt.Select(entry => (entry.at - entry.sent.SentAt).TotalMilliseconds)));
    }
}
