namespace Ingestion.Api.Publishing;

/// <summary>
/// This API instance's hybrid logical clock: each event's stamp is the time in microseconds since
/// the Unix epoch, or the last stamp plus one when the clock has not moved on (or went back), so
/// this instance's stamps only grow and a request's events get consecutive ones, in request order.
/// No shared counter and no call out: instances' clocks may differ, which the workers handle (the
/// topic's order decides between first deliveries; see the README's ordering rule).
/// </summary>
public sealed class EventClock(TimeProvider time)
{
    private readonly Lock _gate = new();
    private long _last;

    /// <returns>The first of <paramref name="count"/> consecutive stamps, each above any this instance gave before.</returns>
    public long Reserve(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var now = (time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond;
        lock (_gate)
        {
            var first = Math.Max(now, _last + 1);
            _last = first + count - 1;
            return first;
        }
    }
}
