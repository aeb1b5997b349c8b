using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Ingestion.Workers.Polling;

/// <summary>
/// Unhealthy when no receive has succeeded for several long-poll waits and no batch is running:
/// SQS unreachable, or the poll loop stuck. Part of /health, not /alive: restarting the
/// process would not bring SQS back.
/// </summary>
internal sealed class PollerLivenessCheck(PollerHeartbeat heartbeat, IOptions<PollerOptions> options, TimeProvider timeProvider) : IHealthCheck
{
    public const string Name = "source-queue-poller";

    // A zero wait time (short polling) would make the window vanish.
    private static readonly TimeSpan MinimumWait = TimeSpan.FromSeconds(5);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var wait = TimeSpan.FromSeconds(settings.WaitTimeSeconds);
        var window = (wait > MinimumWait ? wait : MinimumWait) * settings.LivenessWaitMultiplier;
        var silence = timeProvider.GetUtcNow() - heartbeat.LastReceive;
        var data = new Dictionary<string, object> { ["last_receive"] = heartbeat.LastReceive, ["batch_running"] = heartbeat.BatchRunning };

        return Task.FromResult(heartbeat.BatchRunning || silence <= window
            ? HealthCheckResult.Healthy("polling", data)
            : HealthCheckResult.Unhealthy($"no successful receive for {silence:g} (allowed {window:g})", data: data));
    }
}
