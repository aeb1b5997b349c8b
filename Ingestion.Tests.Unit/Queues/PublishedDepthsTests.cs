using Ingestion.Topology.Queues;

namespace Ingestion.Tests.Queues;

/// <summary>
/// The queue resources send the dashboard a new state only when a queue's counts moved: an idle
/// queue read every 2 s costs the dashboard nothing after its first reading.
/// </summary>
public sealed class PublishedDepthsTests
{
    private static readonly QueueCounts Idle = new(0, 0, 0);

    [Fact]
    public void TheFirstReadingOfAQueueIsShown()
    {
        var published = new PublishedDepths();

        Assert.True(published.Changed("ingestion-sourceB", Idle));
    }

    [Fact]
    public void AnUnchangedQueueIsNotSentAgain()
    {
        var published = new PublishedDepths();
        published.Changed("ingestion-sourceB", new QueueCounts(3, 1, 0));

        Assert.False(published.Changed("ingestion-sourceB", new QueueCounts(3, 1, 0)));
    }

    [Theory]
    [InlineData(4, 1, 0)]
    [InlineData(3, 2, 0)]
    [InlineData(3, 1, 1)]
    public void AnyCountThatMovedIsSent(long visible, long inFlight, long delayed)
    {
        var published = new PublishedDepths();
        published.Changed("ingestion-sourceB", new QueueCounts(3, 1, 0));

        Assert.True(published.Changed("ingestion-sourceB", new QueueCounts(visible, inFlight, delayed)));
        Assert.False(published.Changed("ingestion-sourceB", new QueueCounts(visible, inFlight, delayed)));
    }

    [Fact]
    public void QueuesAreTrackedApart()
    {
        var published = new PublishedDepths();
        published.Changed("ingestion-sourceA", Idle);

        Assert.True(published.Changed("ingestion-sourceB", Idle));
    }

    [Fact]
    public void AfterTheDepthWasUnavailableTheSameCountsAreShownAgain()
    {
        // The queue's state says "Unavailable" meanwhile: the next reading must replace it.
        var published = new PublishedDepths();
        published.Changed("ingestion-sourceB", Idle);

        published.Forget("ingestion-sourceB");

        Assert.True(published.Changed("ingestion-sourceB", Idle));
    }
}
