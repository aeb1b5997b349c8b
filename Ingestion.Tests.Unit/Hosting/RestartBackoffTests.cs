using Ingestion.Topology.Supervision;

namespace Ingestion.Tests.Hosting;

public sealed class RestartBackoffTests
{
    private readonly RestartBackoff _backoff = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), MaxQuickCrashes: 5, TimeSpan.FromSeconds(30));

    [Fact]
    public void DelaysDoubleFromTheInitialDelayUpToTheCap()
    {
        var delays = Enumerable.Range(1, 5).Select(n => _backoff.NextDelay(n)!.Value.TotalSeconds);

        Assert.Equal([1, 2, 4, 8, 10], delays);
    }

    [Fact]
    public void TooManyQuickCrashesGiveUp()
    {
        Assert.NotNull(_backoff.NextDelay(5));
        Assert.Null(_backoff.NextDelay(6));
    }
}
