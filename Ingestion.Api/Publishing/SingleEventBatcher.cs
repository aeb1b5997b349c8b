using System.Threading.Channels;
using Ingestion.Messaging.Batching;
using Microsoft.Extensions.Options;

namespace Ingestion.Api.Publishing;

/// <summary>
/// Lets concurrent single-event requests share PublishBatch calls: each caller queues its
/// message and awaits its own result; one loop takes whatever is queued (up to 10 entries and
/// 256 KiB, waiting at most <see cref="PublishingOptions.BatchWindow"/> for more) and sends it.
/// Messages already carry their caller's trace context, injected at enqueue time.
/// </summary>
public sealed class SingleEventBatcher : BackgroundService
{
    private readonly PublishBatchSender _sender;
    private readonly PublishingOptions _options;
    private readonly TimeProvider _time;
    private readonly Channel<Pending> _queue;
    private bool _closed;

    public SingleEventBatcher(PublishBatchSender sender, IOptions<PublishingOptions> options, TimeProvider time)
    {
        _sender = sender;
        _options = options.Value;
        _time = time;
        _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(_options.QueueCapacity)
        {
            SingleReader = true,
            // Only TryWrite is used: a full queue sheds load rather than holding callers.
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>The error code of a single event refused because <see cref="PublishingOptions.QueueCapacity"/> events are waiting already.</summary>
    public const string OverloadedErrorCode = "Overloaded";

    /// <summary>Messages waiting for a PublishBatch call (tests use it to know callers have queued).</summary>
    internal int QueuedCount => _queue.Reader.Count;

    public async Task<EntryResult> PublishAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        var pending = new Pending(message);
        if (!_queue.Writer.TryWrite(pending))
        {
            // Full (SNS slow or down) or closed (shutting down): a quick 503 the producer retries
            // beats a request held until it times out while the backlog grows.
            return EntryResult.Failure(Volatile.Read(ref _closed) ? "ShuttingDown" : OverloadedErrorCode, transient: true);
        }

        return await pending.Result.Task.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // On shutdown take no more, but publish what callers are already waiting for.
        await using var stopping = stoppingToken.Register(() =>
        {
            Volatile.Write(ref _closed, true);
            _queue.Writer.TryComplete();
        });
        using var slots = new SemaphoreSlim(_options.MaxConcurrentBatches);
        var inFlight = new List<Task>();
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            // Waiting for a free slot first lets the next batch fill up meanwhile.
            await slots.WaitAsync(CancellationToken.None);
            var batch = await CollectAsync();
            if (batch.Count == 0)
            {
                slots.Release();
                continue;
            }

            inFlight.RemoveAll(task => task.IsCompleted);
            inFlight.Add(SendAsync(batch, slots));
        }

        await Task.WhenAll(inFlight);
    }

    // Up to 10 entries and 256 KiB (PublishBatch's limits), and never two of one item: if one of
    // them failed and the other went through, a resend of the first would land after the second.
    private Task<List<Pending>> CollectAsync() =>
        ChannelBatch.CollectAsync(_queue.Reader, PublishBatchChunks.MaxEntries, _options.BatchWindow, _time,
            (batch, next) => batch.Sum(pending => pending.Message.Size) + next.Message.Size <= PublishBatchChunks.MaxBytes
                && batch.TrueForAll(pending => pending.Message.GroupId != next.Message.GroupId));

    private async Task SendAsync(List<Pending> batch, SemaphoreSlim slots)
    {
        try
        {
            // Not the request's token: once queued, a message is published whether or not its caller still waits.
            var results = await _sender.SendAsync(batch.Select(pending => pending.Message).ToList(), CancellationToken.None);
            for (var index = 0; index < batch.Count; index++)
            {
                batch[index].Result.TrySetResult(results[index]);
            }
        }
        catch (Exception exception)
        {
            foreach (var pending in batch)
            {
                pending.Result.TrySetException(exception);
            }
        }
        finally
        {
            slots.Release();
        }
    }

    private sealed record Pending(OutgoingMessage Message)
    {
        public TaskCompletionSource<EntryResult> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
