using System.Net;
using System.Text;
using Amazon.DynamoDBv2;
using Ingestion.Api.Access;
using Ingestion.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Ingestion.Tests.Api;

/// <summary>
/// Two API instances share one DynamoDB (dynalite) and so each source's limit: together they let
/// through what the configuration says, not twice that. With DynamoDB unreachable an instance
/// still admits, its share taken from RateLimits:ApiInstances. The refill is one request per
/// 1,000 s, so only the burst is ever spent during a test: nothing depends on timing.
/// </summary>
public sealed class SharedRateLimitTests(DataStoreOfItsOwn store) : IClassFixture<DataStoreOfItsOwn>
{
    private const int Burst = 10;

    [Fact]
    public async Task TwoInstancesTogetherAllowTheConfiguredBurstOnce()
    {
        var source = "sourceA";
        await using var first = await StartAsync(store.Client, apiInstances: 1);
        await using var second = await StartAsync(store.Client, apiInstances: 1);
        await Support.Eventually.TrueAsync(
            () => Task.FromResult(first.Instances.Current == 2 && second.Instances.Current == 2),
            TimeSpan.FromSeconds(30), "each instance to count two", TestContext.Current.CancellationToken);

        var answers = new List<HttpStatusCode>();
        for (var request = 0; request < 4 * Burst; request++)
        {
            answers.Add(await (request % 2 == 0 ? first : second).PostAsync(source, request));
        }

        Assert.Equal(Burst, answers.Count(status => status == HttpStatusCode.Accepted));
        Assert.All(answers.Where(status => status != HttpStatusCode.Accepted), status => Assert.Equal(HttpStatusCode.TooManyRequests, status));
    }

    [Fact]
    public async Task WithoutDynamoDbAnInstanceAdmitsItsConfiguredShare()
    {
        // A port nobody listens on: every count fails at once.
        var unreachable = new AmazonDynamoDBClient(new Amazon.Runtime.BasicAWSCredentials("test", "test"), new AmazonDynamoDBConfig
        {
            ServiceURL = $"http://127.0.0.1:{Ingestion.Hosting.Emulators.LoopbackPorts.Free()}",
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = 0,
        });
        await using var api = await StartAsync(unreachable, apiInstances: 2);
        await Support.Eventually.TrueAsync(
            () => Task.FromResult(api.Logs.Records.Any(record => record.Message.StartsWith("Could not count the API instances", StringComparison.Ordinal))),
            TimeSpan.FromSeconds(30), "a failed count", TestContext.Current.CancellationToken);

        var answers = new List<HttpStatusCode>();
        for (var request = 0; request < 2 * Burst; request++)
        {
            answers.Add(await api.PostAsync("sourceA", request));
        }

        Assert.Equal(Burst / 2, answers.Count(status => status == HttpStatusCode.Accepted));
    }

    private async Task<Instance> StartAsync(IAmazonDynamoDB dynamoDb, int apiInstances)
    {
        var logs = new CapturedLogs();
        var app = ApiHost.Build(new FakeSnsClient(), logs, new Dictionary<string, string?>
        {
            ["AWS:Resources:IngestionTopicArn"] = ApiHost.TopicArn,
            ["RateLimits:ShareAcrossInstances"] = "true",
            // The instances' count is one item per table: in a table of this class's own, only these instances stamp it.
            ["AWS:Resources:DataStoreTableName"] = store.TableName,
            ["RateLimits:ApiInstances"] = apiInstances.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RateLimits:MembershipInterval"] = "00:00:00.200",
            ["RateLimits:Sources:sourceA:RequestsPerSecond"] = "0.001",
            ["RateLimits:Sources:sourceA:RequestBurst"] = Burst.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, replaceServices: services => services.AddSingleton(dynamoDb));
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new Instance(app, logs, ApiKeyHeaders.Client(new Uri(app.Urls.Single())));
    }

    private sealed class Instance(WebApplication app, CapturedLogs logs, HttpClient client) : IAsyncDisposable
    {
        public CapturedLogs Logs => logs;

        public ApiInstanceCount Instances => app.Services.GetRequiredService<ApiInstanceCount>();

        public async Task<HttpStatusCode> PostAsync(string source, int request)
        {
            using var content = new StringContent(SampleEvents.Equipment($"e-shared-{request}"), Encoding.UTF8, "application/json");
            using var response = await client.PostAsync(new Uri($"/sources/{source}/events", UriKind.Relative), content, TestContext.Current.CancellationToken);
            return response.StatusCode;
        }

        public async ValueTask DisposeAsync()
        {
            client.Dispose();
            await app.DisposeAsync();
        }
    }
}
