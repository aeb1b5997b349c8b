using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using Ingestion.Messaging;

namespace Ingestion.Api.Replay;

/// <summary>
/// Streams an archive hour's events in receipt order without holding a page of them: objects are
/// listed in key order (keys sort by each object's earliest event) and each is read a line at a
/// time; an object is opened only once its earliest event may come next, so memory holds one line
/// per object that overlaps in time with another (archive batches written at the same moment),
/// never a page of objects.
/// </summary>
internal sealed class ArchiveReader(IAmazonS3 s3, string bucket)
{
    public async IAsyncEnumerable<ArchivedEvent> ReadAsync(string prefix, ReplayJob job, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var keys = ListKeysAsync(prefix, cancellationToken).GetAsyncEnumerator(cancellationToken);
        var open = new PriorityQueue<ObjectCursor, (DateTimeOffset, long, string)>();
        ObjectCursor? next = null;
        try
        {
            next = await OpenNextAsync(keys, job, cancellationToken);
            while (true)
            {
                // Objects not yet opened start no earlier than `next` does: open it only when it may hold the next event.
                while (next is not null && (open.Count == 0 || next.Current.Event.ReceivedAt <= open.Peek().Current.Event.ReceivedAt))
                {
                    open.Enqueue(next, Order(next.Current));
                    next = await OpenNextAsync(keys, job, cancellationToken);
                }

                if (!open.TryDequeue(out var earliest, out _))
                {
                    yield break;
                }

                yield return earliest.Current;
                if (await earliest.MoveNextAsync(cancellationToken))
                {
                    open.Enqueue(earliest, Order(earliest.Current));
                }
                else
                {
                    earliest.Dispose();
                }
            }
        }
        finally
        {
            next?.Dispose();
            while (open.TryDequeue(out var cursor, out _))
            {
                cursor.Dispose();
            }
        }
    }

    private static (DateTimeOffset, long, string) Order(ArchivedEvent archived) =>
        (archived.Event.ReceivedAt, archived.Event.Sequence, archived.Event.EventId);

    private async IAsyncEnumerable<string> ListKeysAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? token = null;
        do
        {
            var page = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = prefix, ContinuationToken = token }, cancellationToken);
            foreach (var item in page.S3Objects ?? [])
            {
                yield return item.Key;
            }

            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (token is not null);
    }

    /// <summary>The next listed object positioned on its first event; objects without events are skipped.</summary>
    private async Task<ObjectCursor?> OpenNextAsync(IAsyncEnumerator<string> keys, ReplayJob job, CancellationToken cancellationToken)
    {
        while (await keys.MoveNextAsync())
        {
            var response = await s3.GetObjectAsync(bucket, keys.Current, cancellationToken);
            job.ObjectRead();
            var cursor = new ObjectCursor(response);
            if (await cursor.MoveNextAsync(cancellationToken))
            {
                return cursor;
            }

            cursor.Dispose();
        }

        return null;
    }

    /// <summary>One archive object, read a line at a time (JSON lines; an older object is a single line).</summary>
    private sealed class ObjectCursor(GetObjectResponse response) : IDisposable
    {
        private readonly StreamReader _reader = new(response.ResponseStream, Encoding.UTF8);

        public ArchivedEvent Current { get; private set; } = null!;

        public async Task<bool> MoveNextAsync(CancellationToken cancellationToken)
        {
            while (await _reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (!string.IsNullOrWhiteSpace(line) && JsonSerializer.Deserialize<IngestionEvent>(line) is { } archived)
                {
                    Current = new ArchivedEvent(archived, line.Trim());
                    return true;
                }
            }

            return false;
        }

        public void Dispose()
        {
            _reader.Dispose();
            response.Dispose();
        }
    }
}
