using Ingestion.Benchmarks.Load;
using Ingestion.Benchmarks.Measurement;

namespace Ingestion.Tests.Benchmarks;

public sealed class LevelResultTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void StoredPerSecondCountsOnlyWhatWasStoredWithinTheWindowAndTheRestIsTheDrain()
    {
        // Ten seconds, ten events sent one a second; eight stored within the window, one 3 s after it, one never.
        var sent = Enumerable.Range(0, 10).Select(index => new SentEvent($"c{index}", Start.AddSeconds(index))).ToList();
        var stored = sent.Take(8).ToDictionary(e => e.ItemId, e => e.SentAt.AddMilliseconds(100 * (e.SentAt - Start).TotalSeconds));
        stored[sent[8].ItemId] = Start.AddSeconds(13);
        var load = new LoadResult(Start, Start.AddSeconds(10), 10, 10, sent, new Dictionary<int, int>(), 0, Percentiles.Summarise([1]));

        var level = LevelResult.From("test", 1, load, stored);

        Assert.Equal(8, level.StoredInWindow);
        Assert.Equal(0.8, level.StoredPerSecond, 9);
        Assert.Equal(9, level.StoredInTotal);
        Assert.Equal(1, level.Lost);
        Assert.Equal(3, level.DrainSeconds, 9);
        // POST → stored: 0, 100 … 700 ms for the first eight, 5 s for the late one.
        Assert.Equal(400, level.PostToStored.P50, 6);
        Assert.Equal(5000, level.PostToStored.Max, 6);
        Assert.False(level.KeptUp);
    }

    [Fact]
    public void ALevelKeepsUpWhenEverythingOfferedIsAcceptedAndStoredWithinTheWindow()
    {
        var sent = Enumerable.Range(0, 100).Select(index => new SentEvent($"c{index}", Start.AddMilliseconds(index * 100))).ToList();
        var stored = sent.ToDictionary(e => e.ItemId, e => e.SentAt.AddMilliseconds(50));
        var load = new LoadResult(Start, Start.AddSeconds(10), 10, 100, sent, new Dictionary<int, int>(), 0, Percentiles.Summarise([1]));

        var level = LevelResult.From("test", 10, load, stored);

        Assert.True(level.KeptUp);
        Assert.Equal(50, level.PostToStored.P99, 6);
    }
}
