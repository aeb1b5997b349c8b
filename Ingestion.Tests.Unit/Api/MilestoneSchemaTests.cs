using static Ingestion.Tests.Api.ValidatorHarness;

namespace Ingestion.Tests.Api;

public sealed class MilestoneSchemaTests
{
    private static string Milestone(string start = "2026-01-01", string end = "2026-02-01") =>
        Event("MILESTONE", $$"""{"milestone_id":"m-1","contract_id":"c-1","description":"Foundations","start_date":"{{start}}","end_date":"{{end}}"}""");

    [Fact]
    public void ValidMilestoneIsAcceptedWithItsItemKey() =>
        Assert.Equal("MILESTONE#m-1", Assert.Single(Validate("sourceC", Milestone()).Events).ItemKey);

    [Fact]
    public void EveryMissingFieldIsListedAtOnce()
    {
        var errors = Errors("sourceC", Event("MILESTONE", "{}"));

        Assert.Equal(
            ["body.contract_id", "body.description", "body.end_date", "body.milestone_id", "body.start_date"],
            errors.Keys.Order(StringComparer.Ordinal));
        Assert.All(errors.Values, messages => Assert.Equal(["is required"], messages));
    }

    [Theory]
    [InlineData("2026-01-01", "2026-01-01")]
    [InlineData("2026-01-01T10:00:00Z", "2026-01-01T10:00:00Z")]
    [InlineData("2026-01-01T10:00:00+02:00", "2026-01-01T08:30:00Z")]
    [InlineData("2026-01-01", "2026-01-01T00:00:00.5Z")]
    public void EndOnOrAfterStartIsAccepted(string start, string end) => AssertValid("sourceC", Milestone(start, end));

    [Theory]
    [InlineData("2026-02-01", "2026-01-31")]
    [InlineData("2026-01-01T10:00:00Z", "2026-01-01T09:59:59Z")]
    [InlineData("2026-01-01T10:00:00+02:00", "2026-01-01T07:59:59Z")]
    public void EndBeforeStartIsRejected(string start, string end)
    {
        var errors = Errors("sourceC", Milestone(start, end));

        Assert.Equal(["must not be before start_date"], errors["body.end_date"]);
    }

    [Theory]
    [InlineData("01/02/2026")]
    [InlineData("2026-13-01")]
    [InlineData("2026-02-30")]
    [InlineData("2026-01-01T10:00:00")]
    [InlineData("2026-01-01 10:00:00Z")]
    [InlineData("20260101")]
    [InlineData("tomorrow")]
    public void DatesThatAreNotIso8601WithAnInstantAreRejected(string date)
    {
        var errors = Errors("sourceC", Milestone(start: date));

        Assert.Equal([Ingestion.Api.Sources.IsoTimestamp.Expectation], errors["body.start_date"]);
        Assert.False(errors.ContainsKey("body.end_date"));
    }

    [Fact]
    public void NonStringDateIsRejected()
    {
        var errors = Errors("sourceC", Milestone().Replace("\"2026-02-01\"", "20260201", StringComparison.Ordinal));

        Assert.Equal(["must be a string, not a number"], errors["body.end_date"]);
    }
}
