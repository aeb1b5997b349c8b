using System.Diagnostics;
using System.Threading.Channels;
using Ingestion.Messaging.Batching;

namespace Ingestion.Tests.Messaging;

public sealed class ChannelBatchTests
{
    [Fact]
    public async Task AFullBatchGoesAtOnceWithoutWaitingOutTheWindow()
    {
        var channel = Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true });
        for (var item = 0; item < 5; item++)
        {
            channel.Writer.TryWrite(item);
        }

        var clock = Stopwatch.StartNew();
        var batch = await ChannelBatch.CollectAsync(channel.Reader, maxCount: 3, TimeSpan.FromSeconds(30), TimeProvider.System);

        Assert.Equal([0, 1, 2], batch);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task AnItemThatDoesNotFitStaysForTheNextBatch()
    {
        var channel = Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true });
        foreach (var size in new[] { 4, 5, 3 })
        {
            channel.Writer.TryWrite(size);
        }

        channel.Writer.Complete();
        static bool Fits(List<int> batch, int next) => batch.Sum() + next <= 10;

        Assert.Equal([4, 5], await ChannelBatch.CollectAsync(channel.Reader, 10, TimeSpan.FromSeconds(30), TimeProvider.System, Fits));
        Assert.Equal([3], await ChannelBatch.CollectAsync(channel.Reader, 10, TimeSpan.FromSeconds(30), TimeProvider.System, Fits));
    }

    [Fact]
    public async Task WhatArrivesWithinTheWindowJoinsTheBatch()
    {
        var channel = Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true });
        channel.Writer.TryWrite(1);
        var collecting = ChannelBatch.CollectAsync(channel.Reader, 10, TimeSpan.FromMilliseconds(500), TimeProvider.System);
        channel.Writer.TryWrite(2);

        Assert.Equal([1, 2], await collecting);
    }
}
