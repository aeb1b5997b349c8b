using System.Threading.Channels;

namespace Ingestion.Messaging.Batching;

/// <summary>
/// Takes what callers have queued into one batch: up to <c>maxCount</c> items, and only those that
/// <c>fits</c> lets join, waiting at most <c>window</c> for more. The API's single-event publisher
/// and the archive worker both coalesce concurrent callers this way.
/// </summary>
public static class ChannelBatch
{
    /// <param name="fits">Whether the next item may join the batch so far (the first always joins); null: any may.</param>
    public static async Task<List<T>> CollectAsync<T>(ChannelReader<T> reader, int maxCount, TimeSpan window, TimeProvider time, Func<List<T>, T, bool>? fits = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var batch = new List<T>(Math.Min(maxCount, 128));
        using var deadline = new CancellationTokenSource(window, time);
        while (batch.Count < maxCount)
        {
            if (reader.TryPeek(out var next))
            {
                if (batch.Count > 0 && fits is not null && !fits(batch, next))
                {
                    break;
                }

                reader.TryRead(out _);
                batch.Add(next);
                continue;
            }

            try
            {
                if (!await reader.WaitToReadAsync(deadline.Token).ConfigureAwait(false))
                {
                    break;
                }
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                break;
            }
        }

        return batch;
    }
}
