using System.Globalization;
using static Ingestion.Tests.Api.ValidatorHarness;

namespace Ingestion.Tests.Api;

public sealed class ReadingSchemaTests
{
    private static string Reading(string location = "HydePark", string sensor = "01", string? timestamp = null, string db = "85") =>
        Event("READING", $$"""{"location":"{{location}}","sensor":"{{sensor}}","timestamp":"{{timestamp ?? DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O", CultureInfo.InvariantCulture)}}","db":{{db}}}""");

    [Fact]
    public void AReadingFromAKnownNeighbourhoodIsValid() => AssertValid("noise", Reading());

    [Fact]
    public void AnUnknownNeighbourhoodIsRejected()
    {
        var errors = Errors("noise", Reading(location: "Gotham"));

        Assert.Contains("must be one of", Assert.Single(errors["body.location"]), StringComparison.Ordinal);
    }

    [Fact]
    public void AReadingTooFarInTheFutureIsRejected()
    {
        var errors = Errors("noise", Reading(timestamp: DateTimeOffset.UtcNow.AddHours(1).ToString("O", CultureInfo.InvariantCulture)));

        Assert.Contains("future", Assert.Single(errors["body.timestamp"]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("194.5")]
    [InlineData("\"loud\"")]
    public void DecibelsOutsideZeroTo194OrNotANumberAreRejected(string db) =>
        Assert.True(Errors("noise", Reading(db: db)).ContainsKey("body.db"));

    [Theory]
    [InlineData("0")]
    [InlineData("84.9")]
    [InlineData("194")]
    public void DecibelsFromZeroTo194AreValid(string db) => AssertValid("noise", Reading(db: db));

    [Fact]
    public void AReadingIsGroupedBySensorAndRoutedByLocationAndDecibels()
    {
        var result = Validate("noise", Reading(location: "Woodlawn", sensor: "s-7", db: "84.9"));

        var reading = Assert.Single(result.Events);
        Assert.Equal("SENSOR#Woodlawn#s-7", reading.ItemKey);
        Assert.Equal("Woodlawn", reading.RoutingAttributes!["location"].Value);
        Assert.Equal(("Number", "84.9"), (reading.RoutingAttributes["db"].DataType, reading.RoutingAttributes["db"].Value));
    }

    [Fact]
    public void SupplyChainSourcesCannotSendReadings()
    {
        var result = Validate("sourceA", Reading());

        Assert.False(result.IsValid);
    }
}
