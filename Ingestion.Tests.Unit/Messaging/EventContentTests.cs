using System.Text.Json;
using Ingestion.Messaging;

namespace Ingestion.Tests.Messaging;

/// <summary>What tells a resend (same content) from a reused event_id (other content).</summary>
public sealed class EventContentTests
{
    [Fact]
    public void TheSameEventWrittenWithOtherFieldOrderAndSpacingHashesTheSame() =>
        Assert.Equal(
            EventContent.Hash("CONTRACT", null, Json("""{"contract_id":"c-1","nested":{"b":2,"a":[1,{"y":1,"x":2}]}}""")),
            EventContent.Hash("CONTRACT", null, Json("""{ "nested" : { "a" : [1, {"x":2, "y":1}], "b" : 2 }, "contract_id" : "c-1" }""")));

    [Theory]
    [InlineData("CONTRACT", null, """{"contract_id":"c-2"}""")]
    [InlineData("MILESTONE", null, """{"contract_id":"c-1"}""")]
    [InlineData("CONTRACT", 3L, """{"contract_id":"c-1"}""")]
    public void AnotherBodyEntityOrVersionHashesDifferently(string entityName, long? version, string body) =>
        Assert.NotEqual(EventContent.Hash("CONTRACT", null, Json("""{"contract_id":"c-1"}""")), EventContent.Hash(entityName, version, Json(body)));

    [Fact]
    public void TheDeduplicationIdFitsSnsAndChangesWithTheContent()
    {
        var first = EventContent.DeduplicationId("e-1", EventContent.Hash("CONTRACT", null, Json("""{"a":1}""")));
        var other = EventContent.DeduplicationId("e-1", EventContent.Hash("CONTRACT", null, Json("""{"a":2}""")));

        Assert.NotEqual(first, other);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", first);
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();
}
