using System.Net;
using Amazon;
using Amazon.Runtime;
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

    [Theory]
    [InlineData("AKIDENV", "secret", null, null, "AKIDENV", false)]
    [InlineData("AKIDENV", "secret", "token", null, "AKIDENV", true)]
    [InlineData("AKIDENV", "secret", null, "dev", null, false)]
    [InlineData("AKIDENV", null, null, null, null, false)]
    [InlineData(null, null, null, null, null, false)]
    public void TheEnvironmentsKeysAreTakenOnceUnlessAProfileIsNamed(string? accessKey, string? secretKey, string? token, string? profile, string? expectedKey, bool session)
    {
        var variables = new Dictionary<string, string?>
        {
            ["AWS_ACCESS_KEY_ID"] = accessKey,
            ["AWS_SECRET_ACCESS_KEY"] = secretKey,
            ["AWS_SESSION_TOKEN"] = token,
            ["AWS_PROFILE"] = profile,
        };

        var credentials = EnvironmentCredentials.From(name => variables.GetValueOrDefault(name));

        Assert.Equal(expectedKey, credentials?.GetCredentials().AccessKey);
        Assert.Equal(session, credentials?.GetCredentials().UseToken ?? false);
    }

    /// <summary>The SDK signs with the config's credentials: what spares it reading the environment on every request.</summary>
    [Fact]
    public async Task AClientSignsWithTheCredentialsItsConfigWasGiven()
    {
        var handler = new AnsweringHandler();
        var config = AwsServiceConfig.Configure(new AmazonSQSConfig(), Configuration(("AWS:Region", "eu-west-1"), ("AWS:Endpoints:SQS", "http://127.0.0.1:9")), AwsConfigurationKeys.Sqs);
        config.DefaultAWSCredentials = new BasicAWSCredentials("AKIDTAKENONCE", "secret");
        config.HttpClientFactory = new FixedHttpClientFactory(new HttpClient(handler));
        using var client = new AmazonSQSClient(config);

        await client.ListQueuesAsync(new Amazon.SQS.Model.ListQueuesRequest(), TestContext.Current.CancellationToken);

        Assert.Contains("Credential=AKIDTAKENONCE/", handler.Authorization, StringComparison.Ordinal);
    }

    private sealed class AnsweringHandler : HttpMessageHandler
    {
        public string Authorization { get; private set; } = "";

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Authorization = request.Headers.TryGetValues("Authorization", out var values) ? string.Join(",", values) : "";
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/x-amz-json-1.0"),
            });
        }
    }

    private sealed class FixedHttpClientFactory(HttpClient client) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => client;

        public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

        public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();
}
