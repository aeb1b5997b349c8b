namespace Ingestion.Benchmarks.HotKeys;

/// <summary>
/// One kind of load in the run and what it becomes at the target (e.g. noise readings: 10,000/s
/// from 10,000 sensors in 77 community areas; supply-chain events: 2,000/s).
/// </summary>
/// <param name="IsItsProcess">Whether a process (by its operation log's name) works for this load.</param>
/// <param name="RunEvents">Events of this load the run had accepted.</param>
/// <param name="Spreads">The dimensions its keys spread over, most specific first (sensor, then location).</param>
internal sealed record HotKeyWorkload(
    string Name,
    string EntityName,
    double TargetEventsPerSecond,
    long RunEvents,
    Func<string, bool> IsItsProcess,
    IReadOnlyList<KeySpread> Spreads);

/// <summary>
/// A dimension a load's keys spread over: a key that names one of the run's values (a location,
/// a sensor) gets its share of the load, which at the target is split over
/// <paramref name="TargetCount"/> values instead of the run's few.
/// </summary>
internal sealed record KeySpread(string Name, IReadOnlyCollection<string> RunValues, int TargetCount)
{
    public double Factor => RunValues.Count == 0 ? 1 : Math.Min(1, (double)RunValues.Count / TargetCount);

    public bool Names(string key) => RunValues.Any(value => key.Contains('#' + value + '#', StringComparison.Ordinal) || key.EndsWith('#' + value, StringComparison.Ordinal));
}
