using Ingestion.Workers.Polling;

namespace Ingestion.Tests.Workers;

public sealed class InFlightMessagesTests
{
    private static readonly DateTimeOffset Received = new(2026, 11, 24, 11, 40, 0, TimeSpan.Zero);
    private static readonly TimeSpan Threshold = TimeSpan.FromSeconds(10);

    [Fact]
    public void OnlyMessagesCloseToReappearingAreDueForExtension()
    {
        var inFlight = new InFlightMessages([TestMessages.Inbound("a1", "A"), TestMessages.Inbound("b1", "B")], Received.AddSeconds(30));

        Assert.Empty(inFlight.DueForExtension(Received.AddSeconds(19), Threshold));
        Assert.Equal(["a1", "b1"], inFlight.DueForExtension(Received.AddSeconds(20), Threshold).Select(message => message.MessageId).Order());
    }

    [Fact]
    public void AnExtendedMessageIsNotDueAgainUntilItsNewDeadlineNears()
    {
        var a1 = TestMessages.Inbound("a1", "A");
        var inFlight = new InFlightMessages([a1], Received.AddSeconds(30));

        inFlight.Extended([a1], Received.AddSeconds(55));

        Assert.Empty(inFlight.DueForExtension(Received.AddSeconds(40), Threshold));
        Assert.Single(inFlight.DueForExtension(Received.AddSeconds(45), Threshold));
    }

    [Fact]
    public async Task ASettledMessageIsNeverExtended()
    {
        var a1 = TestMessages.Inbound("a1", "A");
        var inFlight = new InFlightMessages([a1, TestMessages.Inbound("b1", "B")], Received.AddSeconds(30));

        await inFlight.SettleAsync(["a1"]);
        inFlight.Extended([a1], Received.AddSeconds(55));

        Assert.Equal(["b1"], inFlight.DueForExtension(Received.AddSeconds(29), Threshold).Select(message => message.MessageId));
    }
}
