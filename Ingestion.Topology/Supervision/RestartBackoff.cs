namespace Ingestion.Topology.Supervision;

/// <summary>
/// When to restart a crashed process: exponential delays (1 s, 2 s, 4 s … capped), and give up
/// after too many crashes that each followed a short run, so a service that cannot start does
/// not spin forever. A run that lasted longer than <see cref="StableRun"/> resets the count.
/// </summary>
public sealed record RestartBackoff(TimeSpan InitialDelay, TimeSpan MaxDelay, int MaxQuickCrashes, TimeSpan StableRun)
{
    public static RestartBackoff Default { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 5, TimeSpan.FromSeconds(30));

    /// <returns>The delay before the next start, or null to give up.</returns>
    public TimeSpan? NextDelay(int quickCrashes)
    {
        if (quickCrashes > MaxQuickCrashes)
        {
            return null;
        }

        var delay = InitialDelay * Math.Pow(2, Math.Max(0, quickCrashes - 1));
        return delay < MaxDelay ? delay : MaxDelay;
    }
}
