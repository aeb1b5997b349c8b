using Ingestion.Tests.Support;

namespace Ingestion.Tests.Api;

/// <summary>The API refuses to start with keys it cannot use, and says which, never what they are.</summary>
public sealed class ApiKeyStartupTests
{
    [Fact]
    public async Task ASourceWithoutAKeyStopsTheStart()
    {
        var failure = await StartWithAsync(new() { ["ApiKeys:sourceC:Current"] = "" });

        Assert.Contains("no key for 'sourceC'", failure.Message, StringComparison.Ordinal);
        Assert.Contains("api-key-sourceC", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoAdminKeyStopsTheStart()
    {
        var failure = await StartWithAsync(new() { ["ApiKeys:admin:Current"] = "" });

        Assert.Contains("no key for 'admin'", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AShortKeyStopsTheStartWithoutShowingIt()
    {
        var failure = await StartWithAsync(new() { ["ApiKeys:noise:Previous"] = "hunter2" });

        Assert.Contains("Previous key of 'noise' is shorter than 20", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OneKeyForTwoSourcesStopsTheStart()
    {
        var failure = await StartWithAsync(new() { ["ApiKeys:sourceA:Current"] = TestApiKeys.For("sourceB") });

        Assert.Contains("'sourceA' and 'sourceB' share a key", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(TestApiKeys.For("sourceB"), failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AZeroRateStopsTheStart()
    {
        var failure = await StartWithAsync(new() { ["RateLimits:Sources:noise:EventsPerSecond"] = "0" }, expected: typeof(Microsoft.Extensions.Options.OptionsValidationException));

        Assert.Contains("EventsPerSecond for 'noise' must be above 0", failure.Message, StringComparison.Ordinal);
    }

    private static async Task<Exception> StartWithAsync(Dictionary<string, string?> configuration, Type? expected = null)
    {
        configuration["AWS:Resources:IngestionTopicArn"] = ApiHost.TopicArn;
        var failure = await Record.ExceptionAsync(async () =>
        {
            await using var app = ApiHost.Build(new FakeSnsClient(), new CapturedLogs(), configuration);
            await app.StartAsync(TestContext.Current.CancellationToken);
        });
        Assert.NotNull(failure);
        Assert.IsType(expected ?? typeof(InvalidOperationException), failure);
        return failure;
    }
}
