using Ingestion.Api.Ordering;
using Ingestion.Tests.Workers;
using Microsoft.Extensions.Options;

namespace Ingestion.Tests.Api;

/// <summary>The sequence counter against a real dynalite: blocks never overlap, even when requests race.</summary>
public sealed class DynamoDbEventSequencerTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    [Fact]
    public async Task ConcurrentReservationsGetDisjointConsecutiveBlocks()
    {
        var sequencer = new DynamoDbEventSequencer(dynalite.Client, Options.Create(new SequencerOptions { DataStoreTableName = DynaliteFixture.TableName }));
        var source = $"src-{Guid.NewGuid():N}";
        int[] counts = [.. Enumerable.Range(0, 200).Select(i => 1 + (i % 5))];

        var firsts = await Task.WhenAll(counts.Select(count => sequencer.ReserveAsync(source, count, TestContext.Current.CancellationToken)));

        var numbers = firsts.SelectMany((first, index) => Enumerable.Range(0, counts[index]).Select(offset => first + offset)).Order().ToList();
        Assert.Equal(Enumerable.Range(1, counts.Sum()).Select(n => (long)n), numbers);
    }

    [Fact]
    public async Task EachSourceHasItsOwnSequence()
    {
        var sequencer = new DynamoDbEventSequencer(dynalite.Client, Options.Create(new SequencerOptions { DataStoreTableName = DynaliteFixture.TableName }));

        await sequencer.ReserveAsync("seq-a", 5, TestContext.Current.CancellationToken);

        Assert.Equal(1, await sequencer.ReserveAsync("seq-b", 1, TestContext.Current.CancellationToken));
        Assert.Equal(6, await sequencer.ReserveAsync("seq-a", 1, TestContext.Current.CancellationToken));
    }
}
