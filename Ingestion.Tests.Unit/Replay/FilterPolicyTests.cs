using Ingestion.Api.Replay;
using Ingestion.Messaging.Sns;

namespace Ingestion.Tests.Replay;

/// <summary>The template's filter policies, applied the way SNS applies them, for replays sent straight to a queue.</summary>
public sealed class FilterPolicyTests
{
    private const string AlertFilter = """{"source": ["noise"], "db": [{"numeric": [">=", 85]}]}""";

    [Theory]
    [InlineData("noise", "85", true)]
    [InlineData("noise", "120.5", true)]
    [InlineData("noise", "84.9", false)]
    [InlineData("sourceB", "90", false)]
    public void TheAlertQueuesFilterLetsOnlyLoudReadingsThrough(string source, string db, bool matches)
    {
        var attributes = new Dictionary<string, SnsMessageAttribute> { ["source"] = new("String", source), ["db"] = new("Number", db) };

        Assert.Equal(matches, FilterPolicy.Parse(AlertFilter).Matches(attributes));
    }

    [Fact]
    public void AnAttributeTheFilterNamesMustBePresent()
    {
        Assert.False(FilterPolicy.Parse(AlertFilter).Matches(new Dictionary<string, SnsMessageAttribute> { ["source"] = new("String", "noise") }));
    }

    [Fact]
    public void ANeighbourhoodFilterMatchesOnlyItsLocation()
    {
        var policy = FilterPolicy.Parse("""{"source":["noise"],"location":["HydePark"]}""");

        Assert.True(policy.Matches(new Dictionary<string, SnsMessageAttribute> { ["source"] = new("String", "noise"), ["location"] = new("String", "HydePark") }));
        Assert.False(policy.Matches(new Dictionary<string, SnsMessageAttribute> { ["source"] = new("String", "noise"), ["location"] = new("String", "Woodlawn") }));
    }

    [Fact]
    public void NoPolicyLetsEverythingThrough()
    {
        Assert.True(FilterPolicy.Parse(null).Matches(new Dictionary<string, SnsMessageAttribute>()));
    }

    [Theory]
    [InlineData("""{"db": [{"cidr": "10.0.0.0/8"}]}""")]
    [InlineData("""{"nested": {"db": ["x"]}}""")]
    public void APolicyItCannotEvaluateIsRefusedRatherThanGuessed(string policy)
    {
        Assert.Throws<NotSupportedException>(() => FilterPolicy.Parse(policy));
    }
}
