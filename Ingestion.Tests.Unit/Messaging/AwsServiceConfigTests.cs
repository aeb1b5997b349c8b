using Amazon;
using Amazon.SQS;
using Ingestion.Messaging.Aws;
using Microsoft.Extensions.Configuration;

namespace Ingestion.Tests.Messaging;

public sealed class AwsServiceConfigTests
{
    [Fact]
    public void AnInjectedEndpointBecomesTheServiceUrlSignedForTheRegion()
    {
        var configuration = Configuration(("AWS:Region", "eu-west-1"), ("AWS:Endpoints:SQS", "http://127.0.0.1:4566"));

        var config = AwsServiceConfig.Configure(new AmazonSQSConfig(), configuration, AwsConfigurationKeys.Sqs);

        Assert.Equal("http://127.0.0.1:4566/", config.ServiceURL);
        Assert.Equal("eu-west-1", config.AuthenticationRegion);
        Assert.Null(config.RegionEndpoint);
    }

    [Fact]
    public void WithoutAnEndpointTheRegionSelectsTheAwsEndpoint()
    {
        var configuration = Configuration(("AWS:Region", "eu-west-1"), ("AWS:Endpoints:SNS", "http://127.0.0.1:4566"));

        var config = AwsServiceConfig.Configure(new AmazonSQSConfig(), configuration, AwsConfigurationKeys.Sqs);

        Assert.Equal(RegionEndpoint.EUWest1, config.RegionEndpoint);
        Assert.Null(config.ServiceURL);
    }

    [Fact]
    public void WithNeitherTheSdkDefaultsAreLeftAlone()
    {
        var config = AwsServiceConfig.Configure(new AmazonSQSConfig(), Configuration(), AwsConfigurationKeys.Sqs);

        Assert.Null(config.ServiceURL);
        Assert.Null(config.AuthenticationRegion);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();
}
