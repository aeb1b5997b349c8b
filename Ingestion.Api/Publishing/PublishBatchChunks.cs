namespace Ingestion.Api.Publishing;

/// <summary>The limits of one SNS PublishBatch call.</summary>
public static class PublishBatchChunks
{
    public const int MaxEntries = 10;

    /// <summary>SNS caps the aggregate size of a PublishBatch call at 256 KiB.</summary>
    public const int MaxBytes = 256 * 1024;

    /// <summary>Consecutive chunks in request order, so one item's events keep their order.</summary>
    public static IEnumerable<List<OutgoingMessage>> Split(IReadOnlyList<OutgoingMessage> messages)
    {
        var chunk = new List<OutgoingMessage>(MaxEntries);
        var bytes = 0;
        foreach (var message in messages)
        {
            if (chunk.Count == MaxEntries || (chunk.Count > 0 && bytes + message.Size > MaxBytes))
            {
                yield return chunk;
                chunk = new List<OutgoingMessage>(MaxEntries);
                bytes = 0;
            }

            chunk.Add(message);
            bytes += message.Size;
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }
}
