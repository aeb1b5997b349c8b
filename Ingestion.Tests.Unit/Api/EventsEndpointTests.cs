using System.Net;
using System.Text;
using System.Text.Json;
using Ingestion.Api.Events;
using Ingestion.Messaging;

namespace Ingestion.Tests.Api;

public sealed class EventsEndpointTests : IClassFixture<ApiHost>
{
    private readonly ApiHost _api;

    public EventsEndpointTests(ApiHost api)
    {
        _api = api;
        _api.Sns.Reset();
    }

    [Fact]
    public async Task SingleEventIsAcceptedWithItsEventIdAndTheTraceId()
    {
        var accepted = await (await _api.PostAsync("sourceB", SampleEvents.Contract())).AssertAcceptedAsync();

        Assert.Matches("^[0-9a-f]{32}$", accepted.GetProperty("trace_id").GetString());
        var acceptedEvent = Assert.Single(accepted.GetProperty("events").EnumerateArray());
        Assert.Equal("CONTRACT", acceptedEvent.GetProperty("entity_name").GetString());
        var eventId = acceptedEvent.GetProperty("event_id").GetString()!;
        Assert.Equal(7, Guid.Parse(eventId).Version);
        var entry = Assert.Single(_api.Sns.Entries);
        Assert.Equal(eventId, entry.MessageAttributes[MessageAttributeNames.EventId].Value);
        Assert.Equal(FakeSnsClient.DeduplicationIdOf(entry), entry.MessageDeduplicationId);
        Assert.Equal(ApiHost.TopicArn, _api.Sns.LastTopicArn);
    }

    [Fact]
    public async Task BatchIsAcceptedWithEveryEventIdInRequestOrder()
    {
        var json = SampleEvents.Batch(3, i => SampleEvents.Contract($"c-{i}", eventId: $"evt-{i}"));

        var accepted = await (await _api.PostAsync("sourceB", json)).AssertAcceptedAsync();

        Assert.Equal(["evt-0", "evt-1", "evt-2"], accepted.EventIds());
        var call = Assert.Single(_api.Sns.Calls);
        Assert.Equal(["CONTRACT#c-0", "CONTRACT#c-1", "CONTRACT#c-2"], call.Select(entry => entry.MessageGroupId));
    }

    [Fact]
    public async Task PublishedMessageCarriesGroupDeduplicationIdAttributesAndEnvelope()
    {
        var accepted = await (await _api.PostAsync("sourceC", SampleEvents.Milestone("m-7"))).AssertAcceptedAsync();
        var eventId = Assert.Single(accepted.EventIds());

        var entry = Assert.Single(_api.Sns.Entries);
        Assert.Equal("MILESTONE#m-7", entry.MessageGroupId);
        Assert.Equal(FakeSnsClient.DeduplicationIdOf(entry), entry.MessageDeduplicationId);
        Assert.Equal("sourceC", entry.MessageAttributes[MessageAttributeNames.Source].Value);
        Assert.Equal("MILESTONE", entry.MessageAttributes[MessageAttributeNames.EntityName].Value);
        Assert.Equal(eventId, entry.MessageAttributes[MessageAttributeNames.EventId].Value);
        Assert.All(entry.MessageAttributes.Values, attribute => Assert.Equal("String", attribute.DataType));
        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$", entry.MessageAttributes[MessageAttributeNames.TraceParent].Value);
        Assert.True(entry.MessageAttributes.Count < 10, "raw delivery carries at most 10 attributes");

        var envelope = JsonSerializer.Deserialize<IngestionEvent>(entry.Message)!;
        Assert.Equal(eventId, envelope.EventId);
        Assert.Equal("sourceC", envelope.Source);
        Assert.Equal("MILESTONE", envelope.EntityName);
        Assert.Equal(ApiHost.Now, envelope.ReceivedAt);
        Assert.Equal("m-7", envelope.Body.GetProperty("milestone_id").GetString());
        Assert.Equal("2026-03-31T17:00:00Z", envelope.Body.GetProperty("end_date").GetString());
    }

    [Fact]
    public async Task AcceptanceIsLoggedWithTheEventInScope()
    {
        var eventId = Assert.Single((await (await _api.PostAsync("sourceA", SampleEvents.Equipment("e-log"))).AssertAcceptedAsync()).EventIds());

        var record = Assert.Single(_api.Logs.Records, r => r.Scope.TryGetValue("event_id", out var id) && Equals(id, eventId) && r.Message.StartsWith("Accepted", StringComparison.Ordinal));
        Assert.Equal("sourceA", record.Scope["source"]);
        Assert.Equal("EQUIPMENT", record.Scope["entity_name"]);
    }

    [Fact]
    public async Task IdempotencyKeyIsUsedAsTheEventId()
    {
        var accepted = await (await _api.PostAsync("sourceA", SampleEvents.Equipment(), idempotencyKey: "order-42/line-1")).AssertAcceptedAsync();

        Assert.Equal(["order-42/line-1"], accepted.EventIds());
        var entry = Assert.Single(_api.Sns.Entries);
        Assert.Equal(FakeSnsClient.DeduplicationIdOf(entry), entry.MessageDeduplicationId);
        Assert.Equal("order-42/line-1", entry.MessageAttributes[MessageAttributeNames.EventId].Value);
        Assert.Equal("EQUIPMENT#e-1", entry.MessageGroupId);
    }

    [Theory]
    // No source 'nope' means no key for it either: the door answers before the catalogue.
    [InlineData("nope", "application/json", """{"entity_name":"CONTRACT","body":{}}""", HttpStatusCode.Unauthorized)]
    [InlineData("sourceB", "application/json", """{"entity_name":"CONTRACT","body":{"contract_id":""", HttpStatusCode.BadRequest)]
    [InlineData("sourceB", "application/json", """{"entity_name":"CONTRACT","entity_name":"CONTRACT","body":{}}""", HttpStatusCode.BadRequest)]
    [InlineData("sourceB", "application/json", "", HttpStatusCode.BadRequest)]
    [InlineData("sourceB", "application/json", """{"entity_name":"CONTRACT","body":{"contract_id":"c-1"}}""", HttpStatusCode.BadRequest)]
    [InlineData("sourceA", "application/json", """{"entity_name":"CONTRACT","body":{}}""", HttpStatusCode.UnprocessableEntity)]
    [InlineData("sourceB", "text/plain", """{"entity_name":"CONTRACT","body":{}}""", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("sourceB", "application/json; charset=utf-16", """{"entity_name":"CONTRACT","body":{}}""", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("sourceB", "application/x-www-form-urlencoded", "a=b", HttpStatusCode.UnsupportedMediaType)]
    public async Task RejectedRequestIsAProblemAndPublishesNothing(string source, string contentType, string json, HttpStatusCode status)
    {
        await (await _api.PostAsync(source, json, contentType: contentType)).AssertProblemAsync(status);

        Assert.Empty(_api.Sns.Calls);
    }

    [Fact]
    public async Task BatchWithOneInvalidEventPublishesNothingAndListsEveryError()
    {
        var json = $"[{SampleEvents.Contract("c-0")},{SampleEvents.Contract("c 1")},{SampleEvents.Contract("c-2")},{{\"entity_name\":\"CONTRACT\",\"body\":{{}}}}]";

        var problem = await (await _api.PostAsync("sourceB", json)).AssertProblemAsync(HttpStatusCode.BadRequest);

        var paths = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal);
        Assert.Equal(
            ["[1].body.contract_id", "[3].body.contract_id", "[3].body.contract_name", "[3].body.contract_status", "[3].body.contract_type"],
            paths);
        Assert.Empty(_api.Sns.Calls);
    }

    [Fact]
    public async Task EntityNotSentBySourceIsA422ListingTheEvent()
    {
        var json = $"[{SampleEvents.Equipment()},{SampleEvents.Milestone()}]";

        var problem = await (await _api.PostAsync("sourceA", json)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Equal(["[1].entity_name"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Empty(_api.Sns.Calls);
    }

    [Fact]
    public async Task ConflictingEventIdAndIdempotencyKeyIsRejected()
    {
        var problem = await (await _api.PostAsync("sourceB", SampleEvents.Contract(eventId: "a"), idempotencyKey: "b")).AssertProblemAsync(HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("event_id", out _));
        Assert.Empty(_api.Sns.Calls);
    }

    [Fact]
    public async Task BatchOverTheEventLimitIsRejected()
    {
        var json = SampleEvents.Batch(IngestionLimits.MaxEventsPerRequest + 1, i => SampleEvents.Contract($"c-{i}"));

        await (await _api.PostAsync("sourceB", json)).AssertProblemAsync(HttpStatusCode.BadRequest);

        Assert.Empty(_api.Sns.Calls);
    }

    [Fact]
    public async Task BodyOverTheSizeLimitIsA413()
    {
        var json = SampleEvents.Contract().Replace("Bridge", new string('b', IngestionLimits.MaxRequestBytes), StringComparison.Ordinal);

        await (await _api.PostAsync("sourceB", json)).AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        Assert.Empty(_api.Sns.Calls);
    }

    [Fact]
    public async Task ChunkedBodyOverTheSizeLimitIsA413()
    {
        var json = SampleEvents.Contract().Replace("Bridge", new string('b', IngestionLimits.MaxRequestBytes), StringComparison.Ordinal);
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/sources/sourceB/events") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        await (await _api.Client.SendAsync(request, TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        Assert.Empty(_api.Sns.Calls);
    }

    [Fact]
    public async Task BatchFillingTheSizeLimitIsAcceptedAndSplitByPublishBatchSize()
    {
        var template = SampleEvents.Batch(10, i => SampleEvents.Contract($"c-{i}"));
        var padding = (IngestionLimits.MaxRequestBytes - Encoding.UTF8.GetByteCount(template)) / 10;
        var json = SampleEvents.Batch(10, i => SampleEvents.Contract($"c-{i}").Replace("Bridge", "Bridge" + new string('b', padding), StringComparison.Ordinal));
        Assert.InRange(Encoding.UTF8.GetByteCount(json), IngestionLimits.MaxRequestBytes - 10, IngestionLimits.MaxRequestBytes);

        var accepted = await (await _api.PostAsync("sourceB", json)).AssertAcceptedAsync();

        Assert.Equal(10, accepted.EventIds().Length);
        Assert.Equal(2, _api.Sns.Calls.Count);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"CONTRACT#c-{i}"), _api.Sns.Entries.Select(entry => entry.MessageGroupId));
    }

    [Fact]
    public async Task EventTooLargeForOneSnsMessageIsA413()
    {
        var json = SampleEvents.Contract().Replace("Bridge", new string('b', IngestionLimits.MaxMessageBytes), StringComparison.Ordinal);
        Assert.True(Encoding.UTF8.GetByteCount(json) <= IngestionLimits.MaxRequestBytes);

        var problem = await (await _api.PostAsync("sourceB", json)).AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        Assert.Equal("Event too large", problem.GetProperty("title").GetString());
        Assert.Empty(_api.Sns.Calls);
    }

    [Fact]
    public async Task UnknownRouteIsAProblem() =>
        await (await _api.Client.GetAsync("/sources/sourceB/nothing", TestContext.Current.CancellationToken)).AssertProblemAsync(HttpStatusCode.NotFound);

    [Fact]
    public async Task OpenApiDocumentDescribesTheEndpoint()
    {
        var document = JsonDocument.Parse(await _api.Client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken)).RootElement;

        var post = document.GetProperty("paths").GetProperty("/sources/{source}/events").GetProperty("post");
        Assert.Equal(
            ["202", "400", "401", "403", "404", "413", "415", "422", "429", "500", "503"],
            post.GetProperty("responses").EnumerateObject().Select(r => r.Name).Order(StringComparer.Ordinal));
        Assert.Contains(post.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "Idempotency-Key");
        Assert.Equal(2, post.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("oneOf").GetArrayLength());
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal(("apiKey", "header", "X-Api-Key"), (scheme.GetProperty("type").GetString(), scheme.GetProperty("in").GetString(), scheme.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task ScalarPageIsServed()
    {
        var response = await _api.Client.GetAsync("/scalar/", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task HealthEndpointAnswers() =>
        Assert.Equal(HttpStatusCode.OK, (await _api.Client.GetAsync("/health", TestContext.Current.CancellationToken)).StatusCode);
}
