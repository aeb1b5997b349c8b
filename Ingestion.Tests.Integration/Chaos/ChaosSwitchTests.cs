using System.Net;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Ingestion.Messaging.Aws;
using Ingestion.Messaging.Aws.Chaos;
using Ingestion.Messaging.Sns;
using Ingestion.Tests.Messaging;
using Ingestion.Tests.Support;
using Ingestion.Tests.Workers;
using Microsoft.Extensions.Configuration;

namespace Ingestion.Tests.Chaos;

/// <summary>The chaos switch: off unless configured, only against loopback emulators, and faults the clients see as the service's own.</summary>
public sealed class ChaosSwitchTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public void WithoutChaosKeysTheSdkKeepsItsOwnHttpClient()
    {
        var config = AwsServiceConfig.Configure(new AmazonDynamoDBConfig(), Configuration(("AWS:Endpoints:DynamoDB", "http://127.0.0.1:8000")), AwsConfigurationKeys.DynamoDb);

        Assert.Null(config.HttpClientFactory);
        Assert.Empty(AwsHttpHandlers.For(Configuration(("Chaos:DynamoDB:Fault", "Throttle")), AwsConfigurationKeys.DynamoDb));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("https://dynamodb.eu-west-1.amazonaws.com")]
    [InlineData("http://10.0.0.5:8000")]
    public void ChaosAimedAtAnythingButALoopbackEmulatorStopsTheProcess(string? endpoint)
    {
        var configuration = Configuration(("Chaos:DynamoDB:InjectionRate", "1"), ("AWS:Endpoints:DynamoDB", endpoint));

        var error = Assert.Throws<InvalidOperationException>(() =>
            AwsServiceConfig.Configure(new AmazonDynamoDBConfig(), configuration, AwsConfigurationKeys.DynamoDb));

        Assert.Contains("only into local emulators", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ProcessesNarrowATopologyWideSettingToTheNamedServices()
    {
        (string, string?)[] settings = [("Chaos:DynamoDB:InjectionRate", "1"), ("Chaos:DynamoDB:Processes", "worker-sourceA, worker-sourceB"), ("AWS:Endpoints:DynamoDB", "http://127.0.0.1:8000")];

        Assert.Null(ChaosSettings.From(Configuration([.. settings, ("OTEL_SERVICE_NAME", "api")]), AwsConfigurationKeys.DynamoDb));
        Assert.NotNull(ChaosSettings.From(Configuration([.. settings, ("OTEL_SERVICE_NAME", "worker-sourceB")]), AwsConfigurationKeys.DynamoDb));
    }

    [Fact]
    public void AnInvalidSettingIsNamedAtStart()
    {
        var configuration = Configuration(("Chaos:SQS:InjectionRate", "1"), ("Chaos:SQS:Fault", "Meteor"), ("AWS:Endpoints:SQS", "http://127.0.0.1:4566"));

        var error = Assert.Throws<InvalidOperationException>(() => ChaosSettings.From(configuration, AwsConfigurationKeys.Sqs));

        Assert.Contains("Chaos:SQS:Fault", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InjectedThrottlingReachesTheDynamoDbClientAsTheServicesOwnException()
    {
        using var client = DynamoDb(("Chaos:DynamoDB:InjectionRate", "1"), ("Chaos:DynamoDB:Fault", "Throttle"));

        var error = await Assert.ThrowsAsync<ProvisionedThroughputExceededException>(() => Put(client, "chaos-throttled"));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("ProvisionedThroughputExceededException", error.ErrorCode);
    }

    [Fact]
    public async Task AnInjectedServerErrorIsA500TheSdkCallsTransient()
    {
        using var client = DynamoDb(("Chaos:DynamoDB:InjectionRate", "1"), ("Chaos:DynamoDB:Fault", "ServerError"));

        var error = await Assert.ThrowsAsync<InternalServerErrorException>(() => Put(client, "chaos-500"));

        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
    }

    [Fact]
    public async Task OutsideItsWindowTheClientReachesTheEmulator()
    {
        // Throttled for a short while from the first request, then the real dynalite answers.
        using var client = DynamoDb(("Chaos:DynamoDB:InjectionRate", "1"), ("Chaos:DynamoDB:Duration", "00:00:00.500"));

        await Assert.ThrowsAsync<ProvisionedThroughputExceededException>(() => Put(client, "chaos-window"));
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                await Put(client, "chaos-window");
                return true;
            }
            catch (ProvisionedThroughputExceededException)
            {
                return false;
            }
        }, Deadline, "the throttling window to close", TestContext.Current.CancellationToken);

        var stored = await dynalite.Client.GetItemAsync(DynaliteFixture.TableName, new Dictionary<string, AttributeValue> { ["ID"] = new("chaos-window") }, TestContext.Current.CancellationToken);
        Assert.True(stored.IsItemSet);
    }

    [Fact]
    public async Task TheWindowOpensStartAfterTheFirstRequestAndClosesDurationLater()
    {
        var clock = new ManualClock();
        var settings = new ChaosSettings(AwsConfigurationKeys.DynamoDb, ChaosFault.Throttle, 1, TimeSpan.Zero, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(60));
        using var http = new HttpClient(new ChaosHandler(ChaosPipeline.Build(settings, clock)) { InnerHandler = new AlwaysOk() });

        async Task<HttpStatusCode> StatusAt(TimeSpan sinceFirst)
        {
            clock.Now = ManualClock.Start + sinceFirst;
            using var response = await http.GetAsync(new Uri("http://127.0.0.1/"), TestContext.Current.CancellationToken);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await StatusAt(TimeSpan.Zero));
        Assert.Equal(HttpStatusCode.OK, await StatusAt(TimeSpan.FromSeconds(9)));
        Assert.Equal(HttpStatusCode.BadRequest, await StatusAt(TimeSpan.FromSeconds(10)));
        Assert.Equal(HttpStatusCode.BadRequest, await StatusAt(TimeSpan.FromSeconds(69)));
        Assert.Equal(HttpStatusCode.OK, await StatusAt(TimeSpan.FromSeconds(70)));
    }

    [Fact]
    public async Task InjectedSnsThrottlingIsATransientSnsError()
    {
        var settings = ChaosSettings.From(Configuration(("Chaos:SNS:InjectionRate", "1"), ("AWS:Endpoints:SNS", "http://localhost:4566")), AwsConfigurationKeys.Sns)!;
        using var http = new HttpClient(new ChaosHandler(ChaosPipeline.Build(settings)) { InnerHandler = new AlwaysOk() });
        var sns = new SnsClient(http, new SnsClientOptions
        {
            ServiceUrl = new Uri("http://localhost:4566"),
            Region = "us-east-1",
            Credentials = new BasicAWSCredentials("test", "test"),
            MaxAttempts = 1,
        });

        var error = await Assert.ThrowsAsync<SnsException>(() => sns.PublishAsync(
            new SnsPublishRequest(SnsTestClients.TopicArn, "{}", new Dictionary<string, SnsMessageAttribute>(), "g", "d"), TestContext.Current.CancellationToken));

        Assert.Equal("Throttled", error.ErrorCode);
        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task AnUnreachableServiceFailsTheConnectionWithoutAResponse()
    {
        var settings = new ChaosSettings(AwsConfigurationKeys.Sqs, ChaosFault.Unreachable, 1, TimeSpan.Zero, TimeSpan.Zero, null);
        var inner = new AlwaysOk();
        using var http = new HttpClient(new ChaosHandler(ChaosPipeline.Build(settings)) { InnerHandler = inner });

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri("http://127.0.0.1/"), TestContext.Current.CancellationToken));

        Assert.Equal(HttpRequestError.ConnectionError, error.HttpRequestError);
        Assert.Equal(0, inner.Calls);
    }

    [Fact]
    public async Task AHungServiceHoldsTheCallUntilTheCallersOwnTimeoutEndsIt()
    {
        var settings = new ChaosSettings(AwsConfigurationKeys.Sns, ChaosFault.Latency, 1, TimeSpan.FromHours(1), TimeSpan.Zero, null);
        var inner = new AlwaysOk();
        using var http = new HttpClient(new ChaosHandler(ChaosPipeline.Build(settings)) { InnerHandler = inner }) { Timeout = TimeSpan.FromMilliseconds(200) };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => http.GetAsync(new Uri("http://127.0.0.1/"), TestContext.Current.CancellationToken));

        Assert.Equal(0, inner.Calls);
    }

    private AmazonDynamoDBClient DynamoDb(params (string Key, string? Value)[] chaos)
    {
        var configuration = Configuration([.. chaos, ("AWS:Endpoints:DynamoDB", dynalite.Client.Config.ServiceURL), ("AWS:Region", "us-east-1")]);
        var config = AwsServiceConfig.Configure(new AmazonDynamoDBConfig { MaxErrorRetry = 0 }, configuration, AwsConfigurationKeys.DynamoDb);
        return new AmazonDynamoDBClient(new BasicAWSCredentials("test", "test"), config);
    }

    private static Task Put(IAmazonDynamoDB client, string id) =>
        client.PutItemAsync(DynaliteFixture.TableName, new Dictionary<string, AttributeValue> { ["ID"] = new(id) }, TestContext.Current.CancellationToken);

    private static IConfiguration Configuration(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    private sealed class AlwaysOk : HttpMessageHandler
    {
        private int _calls;

        public int Calls => _calls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("<PublishResponse/>") });
        }
    }
}
