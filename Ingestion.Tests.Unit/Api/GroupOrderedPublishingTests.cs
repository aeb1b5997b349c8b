using System.Net;
using System.Text.Json;
using Ingestion.Messaging;

namespace Ingestion.Tests.Api;

/// <summary>
/// How a request's events go to the topic: an item's next event only after SNS accepted its
/// previous one, deduplicated by event_id and content, and event ids that mean one event.
/// </summary>
public sealed class GroupOrderedPublishingTests : IClassFixture<ApiHost>
{
    private readonly ApiHost _api;
    private readonly FakeFifoTopic _topic = new();

    public GroupOrderedPublishingTests(ApiHost api)
    {
        _api = api;
        _api.Sns.Reset();
        _api.Sns.OnPublishBatch = _topic.PublishBatch;
    }

    [Fact]
    public async Task AnItemsEventsNeverShareAPublishBatch()
    {
        var json = $"[{Contract("c-g1", "DRAFT", "g-1")},{Contract("c-g1", "ACTIVE", "g-2")},{Contract("c-g2", "DRAFT", "g-3")}]";

        await (await _api.PostAsync("sourceB", json)).AssertAcceptedAsync();

        Assert.All(_api.Sns.Calls, call => Assert.Equal(call.Count, call.Select(entry => entry.MessageGroupId).Distinct().Count()));
        Assert.Equal([["g-1", "g-3"], ["g-2"]], _api.Sns.Calls.Select(call => call.Select(EventId).ToArray()));
    }

    [Fact]
    public async Task APartialBatchFailureThenTheDocumentedResendKeepsTheItemsOrder()
    {
        var json = $"[{Contract("c-partial", "DRAFT", "p-draft")},{Contract("c-partial", "ACTIVE", "p-active")},{Contract("c-other", "ACTIVE", "p-other")}]";
        _topic.Refuse = entry => EventId(entry) == "p-draft";

        var problem = await (await _api.PostAsync("sourceB", json)).AssertProblemAsync(HttpStatusCode.ServiceUnavailable);

        var statuses = problem.GetProperty("events").EnumerateArray().Select(e => (e.GetProperty("event_id").GetString(), e.GetProperty("status").GetString()));
        Assert.Equal([("p-draft", "failed"), ("p-active", "not_attempted"), ("p-other", "published")], statuses);

        // The producer resends the whole request with the same event_ids, as the 503 says.
        _topic.Refuse = _ => false;
        await (await _api.PostAsync("sourceB", json)).AssertAcceptedAsync();

        Assert.Equal(["p-draft", "p-active"], _topic.Accepted.Where(entry => entry.MessageGroupId == "CONTRACT#c-partial").Select(EventId));
        Assert.Single(_topic.Accepted, entry => EventId(entry) == "p-other");
    }

    [Fact]
    public async Task TheDeduplicationIdCoversWhatTheEventSaysNotJustItsId()
    {
        await (await _api.PostAsync("sourceB", Contract("c-dedup", "ACTIVE", "d-1"))).AssertAcceptedAsync();
        await (await _api.PostAsync("sourceB", Contract("c-dedup", "ACTIVE", "d-1"))).AssertAcceptedAsync();
        await (await _api.PostAsync("sourceB", Contract("c-dedup", "CANCELLED", "d-1"))).AssertAcceptedAsync();

        var ids = _api.Sns.Entries.Select(entry => entry.MessageDeduplicationId).ToList();
        Assert.Equal(ids[0], ids[1]);
        Assert.NotEqual(ids[0], ids[2]);
        // So SNS drops the resend and lets the reused id through to a worker, which dead-letters it with its reason.
        Assert.Equal(["ACTIVE", "CANCELLED"], _topic.Accepted.Select(entry => Body(entry).GetProperty("contract_status").GetString()));
    }

    [Fact]
    public async Task AnEventIdGivenToTwoDifferentEventsOfARequestIs422AndPublishesNothing()
    {
        var json = $"[{Contract("c-422", "DRAFT", "same-id")},{Contract("c-422", "ACTIVE", "same-id")}]";

        var problem = await (await _api.PostAsync("sourceB", json)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Equal("event_id reused for a different event", problem.GetProperty("title").GetString());
        Assert.Contains("reuses the event_id of [0]", problem.GetProperty("errors").GetProperty("[1].event_id")[0].GetString(), StringComparison.Ordinal);
        Assert.Empty(_api.Sns.Entries);
    }

    [Fact]
    public async Task AReadingSentTwiceWithoutAnEventIdGetsTheSameEventIdWhateverTheTimestampsOffset()
    {
        const string Reading = """{"entity_name":"READING","body":{"location":"HydePark","sensor":"07","timestamp":"2026-11-24T12:39:00+01:00","db":71}}""";
        const string SameInstantInUtc = """{"entity_name":"READING","body":{"location":"HydePark","sensor":"07","timestamp":"2026-11-24T11:39:00Z","db":71}}""";
        const string OtherSensor = """{"entity_name":"READING","body":{"location":"HydePark","sensor":"08","timestamp":"2026-11-24T11:39:00Z","db":71}}""";

        var ids = new List<string>();
        foreach (var reading in new[] { Reading, SameInstantInUtc, OtherSensor })
        {
            var accepted = await (await _api.PostAsync("noise", reading)).AssertAcceptedAsync();
            ids.Add(accepted.GetProperty("events")[0].GetProperty("event_id").GetString()!);
        }

        Assert.Equal(ids[0], ids[1]);
        Assert.NotEqual(ids[0], ids[2]);
        Assert.True(Guid.TryParse(ids[0], out var uuid) && uuid.Version == 5, ids[0]);
    }

    private static string Contract(string id, string status, string eventId) => SampleEvents.Contract(id, status, eventId);

    private static string EventId(Ingestion.Messaging.Sns.SnsBatchEntry entry) => entry.MessageAttributes[MessageAttributeNames.EventId].Value;

    private static JsonElement Body(Ingestion.Messaging.Sns.SnsBatchEntry entry) => JsonSerializer.Deserialize<IngestionEvent>(entry.Message)!.Body;
}
