using Ingestion.Messaging;

namespace Ingestion.Tests.Messaging;

/// <summary>The orders a worker stores updates under (the README's ordering rule).</summary>
public sealed class EventOrderTests
{
    [Fact]
    public void AFirstDeliveryFollowsTheStoredOrderWhenItsStampIsBehind() =>
        Assert.Equal(EventOrder.Key(0, 501), EventOrder.ForFirstDelivery(EventOrder.Key(0, 100), EventOrder.Key(0, 500)));

    [Fact]
    public void AFirstDeliveryKeepsItsStampWhenItIsAhead() =>
        Assert.Equal(EventOrder.Key(0, 900), EventOrder.ForFirstDelivery(EventOrder.Key(0, 900), EventOrder.Key(0, 500)));

    [Fact]
    public void AHigherProducerVersionKeepsItsOwnOrderAndALowerOneLoses()
    {
        Assert.Equal(EventOrder.Key(2, 100), EventOrder.ForFirstDelivery(EventOrder.Key(2, 100), EventOrder.Key(1, 500)));
        Assert.Null(EventOrder.ForFirstDelivery(EventOrder.Key(1, 900), EventOrder.Key(2, 500)));
    }

    [Fact]
    public void TheFloorIsJustBelowTheEventWithinItsVersion()
    {
        Assert.Equal(EventOrder.Key(3, 41), EventOrder.Predecessor(EventOrder.Key(3, 42)));
        Assert.Equal(EventOrder.Key(3, 0)[..20], EventOrder.VersionPrefix(EventOrder.Key(3, 42)));
    }

    [Fact]
    public void KeysCompareAsTheNumbersTheyHold() =>
        Assert.True(string.CompareOrdinal(EventOrder.Key(0, 99), EventOrder.Key(0, 100)) < 0 && string.CompareOrdinal(EventOrder.Key(0, long.MaxValue), EventOrder.Key(1, 0)) < 0);
}
