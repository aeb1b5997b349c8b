using Ingestion.Workers.Polling;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Ingestion.Tests.Workers;

public sealed class PollerLivenessCheckTests
{
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 11, 40, 0, TimeSpan.Zero));
    private readonly PollerHeartbeat _heartbeat;
    private readonly PollerLivenessCheck _check;

    public PollerLivenessCheckTests()
    {
        _heartbeat = new PollerHeartbeat(_time);
        // Window: 3 × 20 s wait.
        _check = new PollerLivenessCheck(_heartbeat, Options.Create(new PollerOptions()), _time);
    }

    [Fact]
    public async Task AFreshPollerIsHealthyWhileItsFirstLongPollWaits()
    {
        _time.Advance(TimeSpan.FromSeconds(59));

        Assert.Equal(HealthStatus.Healthy, await Status());
    }

    [Fact]
    public async Task APollerWithoutASuccessfulReceiveForThreeWaitsIsUnhealthy()
    {
        _time.Advance(TimeSpan.FromSeconds(61));

        Assert.Equal(HealthStatus.Unhealthy, await Status());
    }

    [Fact]
    public async Task ASuccessfulReceiveMakesItHealthyAgain()
    {
        _time.Advance(TimeSpan.FromMinutes(5));
        _heartbeat.ReceiveSucceeded();

        Assert.Equal(HealthStatus.Healthy, await Status());
    }

    [Fact]
    public async Task ALongBatchIsNotMistakenForAStuckPoller()
    {
        _heartbeat.BatchStarted();
        _time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(HealthStatus.Healthy, await Status());
    }

    private async Task<HealthStatus> Status() => (await _check.CheckHealthAsync(new HealthCheckContext())).Status;

    private sealed class ManualTimeProvider(DateTimeOffset now) : TimeProvider
    {
        private DateTimeOffset _now = now;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
