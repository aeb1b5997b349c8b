using System.Net;
using System.Text.Json;
using Ingestion.Messaging;

namespace Ingestion.Tests.Api;

/// <summary>What orders an item's updates is stamped by the API: a source's sequence in request order, and the producer's version.</summary>
public sealed class EventOrderingTests : IClassFixture<ApiHost>
{
    private readonly ApiHost _api;

    public EventOrderingTests(ApiHost api)
    {
        _api = api;
        _api.Sns.Reset();
        _api.Sequencer.Throw = null;
    }

    [Fact]
    public async Task TheEventsOfARequestGetConsecutiveSequencesInRequestOrder()
    {
        var json = $"[{Contract("c-seq", "DRAFT", "e2")},{Contract("c-seq", "ACTIVE", "e10")}]";

        await (await _api.PostAsync("sourceB", json)).AssertAcceptedAsync();
        await (await _api.PostAsync("sourceB", Contract("c-seq", "COMPLETED", "e3"))).AssertAcceptedAsync();

        var envelopes = _api.Sns.Entries.Select(entry => JsonSerializer.Deserialize<IngestionEvent>(entry.Message)!).ToList();
        Assert.Equal(["e2", "e10", "e3"], envelopes.Select(e => e.EventId));
        var sequences = envelopes.Select(e => e.Sequence).ToList();
        Assert.Equal(sequences[0] + 1, sequences[1]);
        Assert.True(sequences[2] > sequences[1], $"a later request gets a later sequence: {string.Join(", ", sequences)}");
        // Same received_at for both events of the request, yet different order keys, in request order.
        Assert.Equal(envelopes[0].ReceivedAt, envelopes[1].ReceivedAt);
        Assert.True(string.CompareOrdinal(EventOrder.Key(envelopes[0]), EventOrder.Key(envelopes[1])) < 0);
    }

    [Fact]
    public async Task AProducersVersionTravelsInTheEnvelope()
    {
        var json = Contract("c-ver", "ACTIVE", "e-ver").Replace("{\"entity_name\"", "{\"version\":17,\"entity_name\"", StringComparison.Ordinal);

        await (await _api.PostAsync("sourceB", json)).AssertAcceptedAsync();

        Assert.Equal(17, JsonSerializer.Deserialize<IngestionEvent>(Assert.Single(_api.Sns.Entries).Message)!.Version);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("\"7\"")]
    public async Task AVersionThatIsNotAWholeNumberIsRejectedNamingTheField(string version)
    {
        var json = $"[{Contract("c-bad", "ACTIVE", "e-bad").Replace("{\"entity_name\"", "{\"version\":" + version + ",\"entity_name\"", StringComparison.Ordinal)}]";

        var problem = await (await _api.PostAsync("sourceB", json)).AssertProblemAsync(HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("[0].version", out _), problem.ToString());
        Assert.Empty(_api.Sns.Entries);
    }

    [Fact]
    public async Task AnUnreachableSequenceStoreAnswers503AndPublishesNothing()
    {
        _api.Sequencer.Throw = new Amazon.DynamoDBv2.AmazonDynamoDBException("unreachable");

        using var response = await _api.PostAsync("sourceB", Contract("c-503", "ACTIVE", "e-503"));
        var problem = await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);

        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Contains("nothing was published", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(_api.Sns.Entries);
    }

    private static string Contract(string id, string status, string eventId) =>
        $$$"""{"entity_name":"CONTRACT","event_id":"{{{eventId}}}","body":{"contract_id":"{{{id}}}","contract_name":"Bridge","contract_type":"FIXED_PRICE","contract_status":"{{{status}}}"}}""";
}
