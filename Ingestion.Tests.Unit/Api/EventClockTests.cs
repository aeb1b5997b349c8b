using Ingestion.Api.Publishing;

namespace Ingestion.Tests.Api;

/// <summary>An API instance's hybrid logical clock: its stamps only grow, whatever its clock does.</summary>
public sealed class EventClockTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AReservationIsTheClockInMicrosecondsAndItsEventsAreConsecutive()
    {
        var time = new SettableTime(Noon);
        var clock = new EventClock(time);

        var first = clock.Reserve(3);
        var next = clock.Reserve(1);

        Assert.Equal((Noon - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond, first);
        Assert.Equal(first + 3, next);
    }

    [Fact]
    public void StampsKeepGrowingWhenTheClockGoesBack()
    {
        var time = new SettableTime(Noon);
        var clock = new EventClock(time);
        var before = clock.Reserve(1);

        time.Now = Noon.AddMinutes(-5);

        Assert.Equal(before + 1, clock.Reserve(1));
    }

    [Fact]
    public void ConcurrentReservationsNeverShareAStamp()
    {
        var clock = new EventClock(new SettableTime(Noon));

        var firsts = new long[2_000];
        Parallel.For(0, firsts.Length, index => firsts[index] = clock.Reserve(2));

        var stamps = firsts.SelectMany(first => new[] { first, first + 1 }).ToList();
        Assert.Equal(stamps.Count, stamps.Distinct().Count());
    }

    private sealed class SettableTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
