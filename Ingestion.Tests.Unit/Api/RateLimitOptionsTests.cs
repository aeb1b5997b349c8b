using Ingestion.Api.Access;

namespace Ingestion.Tests.Api;

public sealed class RateLimitOptionsTests
{
    [Fact]
    public void ASourceOverridesOnlyWhatItSets()
    {
        var options = new RateLimitOptions
        {
            Default = new SourceRateLimit { RequestsPerSecond = 100, RequestBurst = 300, EventsPerSecond = 1_000, EventBurst = 2_000 },
            Sources = { ["noise"] = new SourceRateLimit { EventsPerSecond = 9_000 } },
        };

        var noise = options.For("noise");
        var sourceB = options.For("sourceB");

        Assert.Equal((100d, 300, 9_000d, 2_000), (noise.RequestsPerSecond, noise.RequestBurst, noise.EventsPerSecond, noise.EventBurst));
        Assert.Equal((100d, 300, 1_000d, 2_000), (sourceB.RequestsPerSecond, sourceB.RequestBurst, sourceB.EventsPerSecond, sourceB.EventBurst));
    }

    [Fact]
    public void TheDefaultsAreGenerousEnoughForTheLoadGeneratorAndNotUnlimited()
    {
        var limit = new RateLimitOptions().For("noise");

        Assert.Equal((500d, 5_000d), (limit.RequestsPerSecond, limit.EventsPerSecond));
        Assert.Null(limit.RequestBurst);
    }
}
