namespace Ingestion.LoadGenerator;

/// <summary>Request latencies, kept whole (a run is bounded), with nearest-rank percentiles.</summary>
internal sealed class LatencyRecorder
{
    private readonly List<double> _milliseconds = [];
    private readonly Lock _lock = new();

    public void Record(TimeSpan latency)
    {
        lock (_lock)
        {
            _milliseconds.Add(latency.TotalMilliseconds);
        }
    }

    /// <summary>Nearest rank: the smallest value with at least <paramref name="percent"/>% of values at or below it.</summary>
    public double? Percentile(double percent)
    {
        lock (_lock)
        {
            if (_milliseconds.Count == 0)
            {
                return null;
            }

            var sorted = _milliseconds.Order().ToList();
            var rank = (int)Math.Ceiling(percent / 100 * sorted.Count);
            return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
        }
    }
}
