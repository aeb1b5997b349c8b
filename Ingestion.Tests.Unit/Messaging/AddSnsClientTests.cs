using System.Net;
using Amazon.Runtime;
using Ingestion.Messaging.Sns;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static Ingestion.Tests.Messaging.SnsTestClients;

namespace Ingestion.Tests.Messaging;

public sealed class AddSnsClientTests
{
    [Fact]
    public async Task ClientFromDependencyInjectionTalksToTheConfiguredEndpointAndRegion()
    {
        var handler = new FakeSnsHandler().Respond(HttpStatusCode.OK, Success("GetTopicAttributes", "<Attributes/>"));
        var services = new ServiceCollection();
        services.AddSnsClient(
                Configuration(("AWS:Region", "eu-central-1"), ("AWS:Endpoints:SNS", "http://127.0.0.1:4599")),
                options => options.Credentials = new BasicAWSCredentials("test", "test"))
            .ConfigurePrimaryHttpMessageHandler(() => handler);
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<ISnsClient>().GetTopicAttributesAsync(TopicArn, TestContext.Current.CancellationToken);

        var request = handler.Requests.Single();
        Assert.Equal(new Uri("http://127.0.0.1:4599/"), request.Uri);
        Assert.Contains("/eu-central-1/sns/aws4_request,", request.Headers["Authorization"]);
    }

    [Fact]
    public async Task DefaultResilienceHandlersDoNotStackRetriesOnTopOfTheClientsOwn()
    {
        var handler = new FakeSnsHandler();
        for (var i = 0; i < 9; i++)
        {
            handler.Respond(HttpStatusCode.ServiceUnavailable, Error("ServiceUnavailable", "busy", "Receiver"));
        }

        var services = new ServiceCollection();
        services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler());
        services.AddSnsClient(
                Configuration(("AWS:Region", "us-east-1"), ("AWS:Endpoints:SNS", "http://127.0.0.1:4599")),
                options =>
                {
                    options.Credentials = new BasicAWSCredentials("test", "test");
                    options.RetryBaseDelay = TimeSpan.Zero;
                })
            .ConfigurePrimaryHttpMessageHandler(() => handler);
        await using var provider = services.BuildServiceProvider();

        await Assert.ThrowsAsync<SnsException>(() =>
            provider.GetRequiredService<ISnsClient>().GetTopicAttributesAsync(TopicArn, TestContext.Current.CancellationToken));

        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public void InvalidOptionsAreReportedWhenTheyAreFirstRead()
    {
        var services = new ServiceCollection();
        services.AddSnsClient(Configuration(("AWS:Region", "us-east-1")), options => options.MaxAttempts = 0);
        using var provider = services.BuildServiceProvider();

        Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SnsClientOptions>>().Value);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();
}
