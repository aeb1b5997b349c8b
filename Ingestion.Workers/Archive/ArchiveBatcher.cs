using System.Diagnostics;
using System.Threading.Channels;
using Amazon.S3;
using Amazon.S3.Model;
using Ingestion.Messaging;
using Ingestion.Messaging.Batching;
using Ingestion.Workers.Telemetry;
using Microsoft.Extensions.Options;
using OpenTelemetry;

namespace Ingestion.Workers.Archive;

/// <summary>
/// Lets the archive handler's concurrent calls share S3 objects: each caller queues its event
/// and waits for its own result; one loop takes whatever is queued (waiting at most
/// <see cref="ArchiveOptions.BatchWindow"/> for more, up to <see cref="ArchiveOptions.MaxEventsPerObject"/>),
/// writes one object per source and hour with <see cref="ArchiveKeys.ForBatch"/>, and tells each
/// caller. A caller succeeds only once its object is written, so its message is deleted only then.
/// One PutObject per received batch instead of per event: a tenth of the S3 requests.
/// </summary>
internal sealed class ArchiveBatcher : BackgroundService
{
    private readonly IAmazonS3 _s3;
    private readonly ArchiveOptions _options;
    private readonly TimeProvider _time;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    public ArchiveBatcher(IAmazonS3 s3, IOptions<ArchiveOptions> options, TimeProvider time)
    {
        _s3 = s3;
        _options = options.Value;
        _time = time;
    }

    public async Task WriteAsync(IngestionEvent archived, CancellationToken cancellationToken)
    {
        var pending = new Pending(archived, Activity.Current?.Context ?? default);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new InvalidOperationException("the archive is shutting down");
        }

        await pending.Written.Task.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // On shutdown take no more, but write what callers are already waiting for.
        await using var stopping = stoppingToken.Register(() => _queue.Writer.TryComplete());
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            var batch = await CollectAsync();
            await Task.WhenAll(batch
                .GroupBy(pending => ArchiveKeys.HourPrefix(pending.Event.Source, pending.Event.ReceivedAt), StringComparer.Ordinal)
                .Select(group => PutAsync([.. group.OrderBy(p => p.Event.ReceivedAt).ThenBy(p => p.Event.EventId, StringComparer.Ordinal)])));
        }
    }

    private Task<List<Pending>> CollectAsync() =>
        ChannelBatch.CollectAsync(_queue.Reader, _options.MaxEventsPerObject, _options.BatchWindow, _time);

    private async Task PutAsync(List<Pending> events)
    {
        try
        {
            var archived = events.Select(pending => pending.Event).ToList();
            var key = ArchiveKeys.ForBatch(archived);
            using var activity = S3Spans.StartPutObject(_options.ArchiveBucketName, key, [.. events.Select(pending => pending.Writer)]);
            try
            {
                // This span is the call's span: the HTTP span under it would only repeat it.
                using (SuppressInstrumentationScope.Begin())
                {
                    // Not a caller's token: once taken, the object is written whether or not its callers still wait.
                    await _s3.PutObjectAsync(new PutObjectRequest
                    {
                        BucketName = _options.ArchiveBucketName,
                        Key = key,
                        ContentBody = ArchiveObjects.Write(archived),
                        ContentType = "application/x-ndjson",
                    }, CancellationToken.None);
                }
            }
            catch (Exception exception)
            {
                activity.RecordFailure(exception.GetType().FullName ?? "error", exception.Message, exception);
                throw;
            }

            events.ForEach(pending => pending.Written.TrySetResult());
        }
        catch (Exception exception)
        {
            events.ForEach(pending => pending.Written.TrySetException(exception));
        }
    }

    /// <param name="Writer">The span the event was handed over in (its batch's), for the object's span.</param>
    private sealed record Pending(IngestionEvent Event, ActivityContext Writer)
    {
        public TaskCompletionSource Written { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
