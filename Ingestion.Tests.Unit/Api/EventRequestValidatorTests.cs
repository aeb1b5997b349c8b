using Ingestion.Api.Events;
using static Ingestion.Tests.Api.ValidatorHarness;

namespace Ingestion.Tests.Api;

public sealed class EventRequestValidatorTests
{
    private const string Contract = """{"contract_id":"c-1","contract_name":"Bridge","contract_type":"COST_PLUS","contract_status":"DRAFT"}""";

    private static string ContractEvent(string id = "c-1", string? eventId = null) =>
        eventId is null
            ? Event("CONTRACT", Contract.Replace("c-1", id, StringComparison.Ordinal))
            : $$"""{"entity_name":"CONTRACT","event_id":"{{eventId}}","body":{{Contract.Replace("c-1", id, StringComparison.Ordinal)}}}""";

    [Fact]
    public void GeneratedEventIdIsAUuidVersion7()
    {
        var validated = Assert.Single(Validate("sourceB", ContractEvent()).Events);

        Assert.Equal(7, Guid.Parse(validated.EventId).Version);
        Assert.False(validated.EventIdFromClient);
    }

    [Fact]
    public void EventIdFromTheBodyIsKept()
    {
        var validated = Assert.Single(Validate("sourceB", ContractEvent(eventId: "evt-1")).Events);

        Assert.Equal("evt-1", validated.EventId);
        Assert.True(validated.EventIdFromClient);
    }

    [Fact]
    public void IdempotencyKeyBecomesTheEventId()
    {
        var validated = Assert.Single(Validate("sourceB", ContractEvent(), idempotencyKey: "key-1").Events);

        Assert.Equal("key-1", validated.EventId);
        Assert.True(validated.EventIdFromClient);
    }

    [Fact]
    public void IdempotencyKeyEqualToEventIdIsAccepted() =>
        Assert.Equal("same", Assert.Single(Validate("sourceB", ContractEvent(eventId: "same"), idempotencyKey: "same").Events).EventId);

    [Fact]
    public void ConflictingIdempotencyKeyAndEventIdAreRejected()
    {
        var errors = Errors("sourceB", ContractEvent(eventId: "one"), idempotencyKey: "two");

        Assert.Contains("Idempotency-Key", Assert.Single(errors["event_id"]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("naïve")]
    public void InvalidIdempotencyKeyIsRejected(string key) =>
        Assert.Single(Errors("sourceB", ContractEvent(), idempotencyKey: key)["Idempotency-Key"]);

    [Fact]
    public void OverlongIdempotencyKeyIsRejected() =>
        Assert.Equal(["must be at most 128 characters"], Errors("sourceB", ContractEvent(), idempotencyKey: new string('k', 129))["Idempotency-Key"]);

    [Fact]
    public void LongestAllowedEventIdUsesTheWholeDeduplicationAlphabet()
    {
        var id = new string(Enumerable.Range('!', '~' - '!' + 1).Select(c => (char)c).ToArray()).Replace("\"", "", StringComparison.Ordinal).Replace("\\", "", StringComparison.Ordinal);
        var padded = id + new string('x', 128 - id.Length);

        Assert.Equal(padded, Assert.Single(Validate("sourceB", ContractEvent(), idempotencyKey: padded).Events).EventId);
    }

    [Theory]
    [InlineData("\"\"", "must not be empty")]
    [InlineData("\"a b\"", "may contain only printable ASCII letters, digits and punctuation (the SNS deduplication id alphabet)")]
    [InlineData("42", "must be a string, not a number")]
    public void InvalidEventIdInTheBodyIsRejected(string eventIdJson, string message)
    {
        var json = $$"""{"entity_name":"CONTRACT","event_id":{{eventIdJson}},"body":{{Contract}}}""";

        Assert.Equal([message], Errors("sourceB", json)["event_id"]);
    }

    [Fact]
    public void BatchIsValidatedWithEachEventsIndexInThePath()
    {
        var json = $"[{ContractEvent("c-1")},{Event("CONTRACT", "{\"contract_id\":\"c-2\"}")},{ContractEvent("c 3")}]";

        var errors = Errors("sourceB", json);

        Assert.Equal(
            ["[1].body.contract_name", "[1].body.contract_status", "[1].body.contract_type", "[2].body.contract_id"],
            errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ValidBatchKeepsRequestOrder()
    {
        var events = Validate("sourceB", $"[{ContractEvent("c-1")},{ContractEvent("c-2")},{ContractEvent("c-3")}]").Events;

        Assert.Equal(["CONTRACT#c-1", "CONTRACT#c-2", "CONTRACT#c-3"], events.Select(e => e.ItemKey));
        Assert.Equal([0, 1, 2], events.Select(e => e.Index));
        Assert.Equal(3, events.Select(e => e.EventId).Distinct().Count());
    }

    [Fact]
    public void EmptyBatchIsRejected() => Assert.Equal(["must hold at least one event"], Errors("sourceB", "[]")["$"]);

    [Fact]
    public void BatchOverTheMaximumIsRejected()
    {
        var json = "[" + string.Join(",", Enumerable.Range(0, IngestionLimits.MaxEventsPerRequest + 1).Select(i => ContractEvent($"c-{i}"))) + "]";

        Assert.Contains("at most 100", Assert.Single(Errors("sourceB", json)["$"]), StringComparison.Ordinal);
    }

    [Fact]
    public void BatchAtTheMaximumIsAccepted()
    {
        var json = "[" + string.Join(",", Enumerable.Range(0, IngestionLimits.MaxEventsPerRequest).Select(i => ContractEvent($"c-{i}"))) + "]";

        Assert.Equal(IngestionLimits.MaxEventsPerRequest, Validate("sourceB", json).Events.Count);
    }

    [Fact]
    public void IdempotencyKeyOnABatchIsRejected() =>
        Assert.Single(Errors("sourceB", $"[{ContractEvent()}]", idempotencyKey: "k")["Idempotency-Key"]);

    [Fact]
    public void RepeatedEventIdInABatchIsRejected()
    {
        var errors = Errors("sourceB", $"[{ContractEvent("c-1", "e")},{ContractEvent("c-2", "f")},{ContractEvent("c-1", "e")}]");

        Assert.Equal(["repeats the event_id of [0]"], errors["[2].event_id"]);
    }

    [Fact]
    public void AnEventIdReusedForAnotherEventInABatchIsReportedAsSuch()
    {
        var result = Validate("sourceB", $"[{ContractEvent("c-1", "e")},{ContractEvent("c-3", "e")}]");

        Assert.True(result.OnlyReusedEventIds);
        Assert.Equal(["reuses the event_id of [0] for a different event (entity_name, version or body)"], result.Errors.ToDictionary()["[1].event_id"]);
    }

    [Theory]
    [InlineData("42")]
    [InlineData("\"text\"")]
    [InlineData("null")]
    public void BodyThatIsNeitherEventNorArrayIsRejected(string json) => Assert.Single(Errors("sourceB", json)["$"]);

    [Fact]
    public void NonObjectInABatchIsRejectedAtItsIndex() =>
        Assert.Equal(["must be an event object, not a number"], Errors("sourceB", $"[{ContractEvent()},7]")["[1]"]);

    [Theory]
    [InlineData("""{"entity_name":"CONTRACT"}""", "body", "is required")]
    [InlineData("""{"entity_name":"CONTRACT","body":[1]}""", "body", "must be an object, not an array")]
    [InlineData("""{"body":{}}""", "entity_name", "is required")]
    [InlineData("""{"entity_name":3,"body":{}}""", "entity_name", "must be a string, not a number")]
    [InlineData("""{"entity_name":"CONTRACT","body":{},"source":"sourceB"}""", "source", "is not a field of an event (entity_name, body, event_id, version)")]
    public void EnvelopeRulesAreEnforced(string json, string path, string message) =>
        Assert.Contains(message, Errors("sourceB", json)[path]);

    [Fact]
    public void EntityTheSourceDoesNotSendIsReportedAlone()
    {
        var result = Validate("sourceA", ContractEvent());

        Assert.True(result.OnlyUnsentEntities);
        Assert.Equal(["sourceA does not send CONTRACT; it sends EQUIPMENT"], result.Errors.ToDictionary()["entity_name"]);
    }

    [Fact]
    public void UnknownEntityIsAnEntityTheSourceDoesNotSend() =>
        Assert.True(Validate("sourceA", Event("FOO", "{}")).OnlyUnsentEntities);

    [Fact]
    public void UnsentEntityMixedWithSchemaErrorsIsASchemaViolation()
    {
        var result = Validate("sourceB", $"[{Event("MILESTONE", "{}")},{Event("CONTRACT", "{}")}]");

        Assert.False(result.OnlyUnsentEntities);
        Assert.True(result.Errors.ToDictionary().ContainsKey("[0].entity_name"));
        Assert.True(result.Errors.ToDictionary().ContainsKey("[1].body.contract_id"));
    }
}
