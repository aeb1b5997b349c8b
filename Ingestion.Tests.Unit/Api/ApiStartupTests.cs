using Microsoft.Extensions.Options;

namespace Ingestion.Tests.Api;

public sealed class ApiStartupTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("data-ingestion.fifo")]
    [InlineData("arn:aws:sns:us-east-1:000000000000:standard-topic")]
    public async Task ApiRefusesToStartWithoutAFifoTopicArn(string? topicArn)
    {
        await using var app = ApiHost.Build(new FakeSnsClient(), new CapturedLogs(), new Dictionary<string, string?>
        {
            ["AWS:Resources:IngestionTopicArn"] = topicArn,
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("IngestionTopicArn", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiRefusesToStartWithAnInvalidPublishingOption()
    {
        await using var app = ApiHost.Build(new FakeSnsClient(), new CapturedLogs(), new Dictionary<string, string?>
        {
            ["AWS:Resources:IngestionTopicArn"] = ApiHost.TopicArn,
            ["Ingestion:Publishing:MaxConcurrentBatches"] = "0",
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("MaxConcurrentBatches", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiRefusesToStartWithoutTheStacksNoiseLocations()
    {
        await using var app = ApiHost.Build(new FakeSnsClient(), new CapturedLogs(), new Dictionary<string, string?>
        {
            ["AWS:Resources:IngestionTopicArn"] = ApiHost.TopicArn,
            ["AWS:Resources:NoiseLocations"] = "",
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("stack output NoiseLocations", error.Message, StringComparison.Ordinal);
    }
}
