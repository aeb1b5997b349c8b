using Microsoft.Extensions.Options;

namespace Ingestion.Workers.Polling;

/// <summary>
/// How long a failed message stays hidden before SQS offers it again: exponential in its receive
/// count from <see cref="PollerOptions.FailedMessageRetryDelay"/>, capped at
/// <see cref="PollerOptions.FailedMessageMaxRetryDelay"/>, with full jitter (a uniform draw below
/// that ceiling), so the messages an outage failed together do not all come back together.
/// </summary>
internal sealed class RetryBackOff(IOptions<PollerOptions> options, Func<double>? random = null)
{
    private readonly Func<double> _random = random ?? Random.Shared.NextDouble;

    /// <summary>The ceiling for a message that failed on its <paramref name="receiveCount"/>-th receive.</summary>
    public TimeSpan CeilingFor(int receiveCount)
    {
        var settings = options.Value;
        var doublings = Math.Clamp(receiveCount - 1, 0, 30);
        var ceiling = settings.FailedMessageRetryDelay.TotalSeconds * Math.Pow(2, doublings);
        return TimeSpan.FromSeconds(Math.Min(ceiling, settings.FailedMessageMaxRetryDelay.TotalSeconds));
    }

    /// <summary>A draw in [0, ceiling], in whole seconds as ChangeMessageVisibility takes them.</summary>
    public TimeSpan DelayFor(int receiveCount) =>
        TimeSpan.FromSeconds(Math.Round(_random() * CeilingFor(receiveCount).TotalSeconds, MidpointRounding.AwayFromZero));
}
