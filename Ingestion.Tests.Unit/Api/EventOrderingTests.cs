using System.Net;
using System.Text.Json;
using Ingestion.Messaging;
using Ingestion.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Ingestion.Tests.Api;

/// <summary>What the API stamps on each event to order an item's updates: its own clock's stamps, in request order, and the producer's version.</summary>
public sealed class EventOrderingTests : IClassFixture<ApiHost>
{
    private readonly ApiHost _api;

    public EventOrderingTests(ApiHost api)
    {
        _api = api;
        _api.Sns.Reset();
    }

    [Fact]
    public async Task TheEventsOfARequestGetConsecutiveStampsInRequestOrderAndALaterRequestHigherOnes()
    {
        var json = $"[{SampleEvents.Contract("c-seq", "DRAFT", "e2")},{SampleEvents.Contract("c-seq", "ACTIVE", "e10")}]";

        await (await _api.PostAsync("sourceB", json)).AssertAcceptedAsync();
        await (await _api.PostAsync("sourceB", SampleEvents.Contract("c-seq", "COMPLETED", "e3"))).AssertAcceptedAsync();

        var envelopes = _api.Sns.Entries.Select(entry => JsonSerializer.Deserialize<IngestionEvent>(entry.Message)!).ToList();
        Assert.Equal(["e2", "e10", "e3"], envelopes.Select(e => e.EventId));
        var stamps = envelopes.Select(e => e.Sequence).ToList();
        Assert.Equal(stamps[0] + 1, stamps[1]);
        // The test's clock stands still: the stamps still grow.
        Assert.True(stamps[2] > stamps[1], $"a later request gets a later stamp: {string.Join(", ", stamps)}");
        Assert.True(string.CompareOrdinal(EventOrder.Key(envelopes[0]), EventOrder.Key(envelopes[1])) < 0);
    }

    [Fact]
    public async Task AStampIsTheInstancesClockInMicroseconds()
    {
        await (await _api.PostAsync("sourceB", SampleEvents.Contract("c-clock", "ACTIVE", "e-clock"))).AssertAcceptedAsync();

        var stamp = JsonSerializer.Deserialize<IngestionEvent>(Assert.Single(_api.Sns.Entries).Message)!.Sequence;
        var clock = (ApiHost.Now - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond;
        // At or just above the clock: earlier tests of this class may have taken the stamps at the clock.
        Assert.InRange(stamp, clock, clock + 1_000);
    }

    [Fact]
    public async Task AcceptingEventsNeedsNoDataStore()
    {
        // The API has a DynamoDB client (instances counting themselves, replay state): events never use it.
        var dynamoDb = System.Reflection.DispatchProxy.Create<Amazon.DynamoDBv2.IAmazonDynamoDB, UnreachableDynamoDb>();
        await using var app = ApiHost.Build(new FakeSnsClient(), new CapturedLogs(), new Dictionary<string, string?>
        {
            ["AWS:Resources:IngestionTopicArn"] = ApiHost.TopicArn,
        }, replaceServices: services => services.AddSingleton(dynamoDb));
        await app.StartAsync(TestContext.Current.CancellationToken);
        using var client = ApiKeyHeaders.Client(new Uri(app.Urls.Single()));
        using var content = new StringContent(SampleEvents.Contract("c-nostore", "ACTIVE", "e-nostore"), System.Text.Encoding.UTF8, "application/json");

        using var response = await client.PostAsync(new Uri("/sources/sourceB/events", UriKind.Relative), content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(0, ((UnreachableDynamoDb)(object)dynamoDb).Calls);
    }

    /// <summary>A DynamoDB that never answers: every call fails, and is counted.</summary>
    public class UnreachableDynamoDb : System.Reflection.DispatchProxy
    {
        public int Calls { get; private set; }

        protected override object? Invoke(System.Reflection.MethodInfo? targetMethod, object?[]? args)
        {
            Calls++;
            throw new Amazon.DynamoDBv2.AmazonDynamoDBException("DynamoDB is unreachable in this test");
        }
    }

    [Fact]
    public async Task AProducersVersionTravelsInTheEnvelope()
    {
        var json = SampleEvents.Contract("c-ver", "ACTIVE", "e-ver").Replace("{\"entity_name\"", "{\"version\":17,\"entity_name\"", StringComparison.Ordinal);

        await (await _api.PostAsync("sourceB", json)).AssertAcceptedAsync();

        Assert.Equal(17, JsonSerializer.Deserialize<IngestionEvent>(Assert.Single(_api.Sns.Entries).Message)!.Version);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("\"7\"")]
    public async Task AVersionThatIsNotAWholeNumberIsRejectedNamingTheField(string version)
    {
        var json = $"[{SampleEvents.Contract("c-bad", "ACTIVE", "e-bad").Replace("{\"entity_name\"", "{\"version\":" + version + ",\"entity_name\"", StringComparison.Ordinal)}]";

        var problem = await (await _api.PostAsync("sourceB", json)).AssertProblemAsync(HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("[0].version", out _), problem.ToString());
        Assert.Empty(_api.Sns.Entries);
    }
}
