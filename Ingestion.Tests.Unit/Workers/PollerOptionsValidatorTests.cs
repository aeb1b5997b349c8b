using Ingestion.Workers.Polling;

namespace Ingestion.Tests.Workers;

public sealed class PollerOptionsValidatorTests
{
    private readonly PollerOptionsValidator _validator = new();

    [Fact]
    public void TheDefaultsAreValid()
    {
        Assert.True(_validator.Validate(null, new PollerOptions()).Succeeded);
    }

    [Theory]
    [InlineData(nameof(PollerOptions.MaxMessages))]
    [InlineData(nameof(PollerOptions.WaitTimeSeconds))]
    [InlineData(nameof(PollerOptions.VisibilityTimeout))]
    [InlineData(nameof(PollerOptions.VisibilityExtensionThreshold))]
    [InlineData(nameof(PollerOptions.VisibilityExtensionInterval))]
    [InlineData(nameof(PollerOptions.MaxConcurrentGroups))]
    [InlineData(nameof(PollerOptions.Concurrency))]
    [InlineData(nameof(PollerOptions.FailedMessageRetryDelay))]
    [InlineData(nameof(PollerOptions.FailedMessageMaxRetryDelay))]
    [InlineData(nameof(PollerOptions.StoreOutageThreshold))]
    [InlineData(nameof(PollerOptions.StoreProbeInterval))]
    public void AnOutOfRangeSettingIsNamedInTheFailure(string setting)
    {
        var options = new PollerOptions();
        switch (setting)
        {
            case nameof(PollerOptions.MaxMessages): options.MaxMessages = 11; break;
            case nameof(PollerOptions.WaitTimeSeconds): options.WaitTimeSeconds = 21; break;
            case nameof(PollerOptions.VisibilityTimeout): options.VisibilityTimeout = TimeSpan.FromMilliseconds(30500); break;
            // Would let a message reappear before the extender renews it.
            case nameof(PollerOptions.VisibilityExtensionThreshold): options.VisibilityExtensionThreshold = TimeSpan.FromSeconds(30); break;
            case nameof(PollerOptions.VisibilityExtensionInterval): options.VisibilityExtensionInterval = TimeSpan.FromSeconds(10); break;
            case nameof(PollerOptions.MaxConcurrentGroups): options.MaxConcurrentGroups = 0; break;
            case nameof(PollerOptions.Concurrency): options.Concurrency = 0; break;
            case nameof(PollerOptions.FailedMessageRetryDelay): options.FailedMessageRetryDelay = TimeSpan.FromSeconds(-1); break;
            // A cap below the first delay would make the back-off shrink.
            case nameof(PollerOptions.FailedMessageMaxRetryDelay): options.FailedMessageMaxRetryDelay = TimeSpan.FromSeconds(1); break;
            case nameof(PollerOptions.StoreOutageThreshold): options.StoreOutageThreshold = 0; break;
            case nameof(PollerOptions.StoreProbeInterval): options.StoreProbeInterval = TimeSpan.Zero; break;
        }

        var result = _validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(setting, result.FailureMessage);
    }
}
