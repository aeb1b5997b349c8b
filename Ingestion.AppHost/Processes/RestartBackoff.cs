namespace Ingestion.AppHost.Processes;

/// <summary>
/// When to restart a crashed child: exponential delays (1 s, 2 s, 4 s … capped), and give up
/// after too many crashes that each followed a short run, so a service that cannot start does
/// not spin forever. A run that lasted longer than <see cref="StableRun"/> resets the count.
/// </summary>
public sealed class RestartBackoff(TimeSpan initialDelay, TimeSpan maxDelay, int maxQuickCrashes, TimeSpan stableRun)
{
    public static RestartBackoff Default { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 5, TimeSpan.FromSeconds(30));

    public TimeSpan StableRun { get; } = stableRun;

    /// <returns>The delay before the next start, or null to give up.</returns>
    public TimeSpan? NextDelay(int quickCrashes)
    {
        if (quickCrashes > maxQuickCrashes)
        {
            return null;
        }

        var delay = initialDelay * Math.Pow(2, Math.Max(0, quickCrashes - 1));
        return delay < maxDelay ? delay : maxDelay;
    }
}
