namespace Ingestion.Messaging.Aws.Chaos;

/// <summary>
/// When faults are injected: from <see cref="ChaosSettings.StartAfter"/> after the client's first
/// request, for <see cref="ChaosSettings.Duration"/> (for ever when unset). Counted from the first
/// request rather than the process start, so "a minute of throttling from the first write" means the
/// same whether the topology took five seconds or fifty to boot.
/// </summary>
internal sealed class ChaosWindow(ChaosSettings settings, TimeProvider timeProvider)
{
    private long _firstRequestTicks = long.MinValue;

    public bool IsOpen()
    {
        var now = timeProvider.GetUtcNow().UtcTicks;
        Interlocked.CompareExchange(ref _firstRequestTicks, now, long.MinValue);
        var elapsed = TimeSpan.FromTicks(now - Interlocked.Read(ref _firstRequestTicks));
        return elapsed >= settings.StartAfter && (settings.Duration is not { } duration || elapsed < settings.StartAfter + duration);
    }
}
