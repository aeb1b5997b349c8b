using System.Diagnostics;
using Ingestion.Api.Publishing;
using Ingestion.Messaging.Sns;

namespace Ingestion.Tests.Api;

public sealed class PublishBatchChunksTests
{
    private static OutgoingMessage Message(int index, int bodyBytes)
    {
        return new OutgoingMessage($"e-{index}", new string('x', bodyBytes), $"CONTRACT#{index}", $"e-{index}", new Dictionary<string, SnsMessageAttribute>(), default(ActivityContext));
    }

    [Fact]
    public void ChunksHoldAtMostTenEntriesInRequestOrder()
    {
        var chunks = PublishBatchChunks.Split(Enumerable.Range(0, 25).Select(i => Message(i, 10)).ToList()).ToList();

        Assert.Equal([10, 10, 5], chunks.Select(chunk => chunk.Count));
        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"e-{i}"), chunks.SelectMany(chunk => chunk).Select(m => m.EventId));
    }

    [Fact]
    public void ChunksStayUnderTheAggregateSizeLimit()
    {
        var chunks = PublishBatchChunks.Split(Enumerable.Range(0, 5).Select(i => Message(i, 100 * 1024)).ToList()).ToList();

        Assert.Equal([2, 2, 1], chunks.Select(chunk => chunk.Count));
        Assert.All(chunks, chunk => Assert.True(chunk.Sum(m => m.Size) <= PublishBatchChunks.MaxBytes));
    }
}
