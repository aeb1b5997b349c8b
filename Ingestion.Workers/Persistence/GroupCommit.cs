using Amazon.DynamoDBv2;

namespace Ingestion.Workers.Persistence;

/// <summary>
/// Shares one DynamoDB batch call among the messages that need one at the same time (group commit):
/// a request that finds no call running starts one at once; requests that arrive while it runs wait
/// and go out together in the next. Nothing waits on a timer, so a lone message pays no delay, and
/// under load the calls grow with the load: ten messages of a batch reading at once cost one request
/// to sign, send and answer instead of ten, in the worker and in the store.
/// </summary>
/// <remarks>
/// Each caller gets its own result or the call's exception, as if it had made the call alone. A call
/// DynamoDB refuses as invalid (ValidationException) is made again per request, so a request that
/// cannot be served never fails the others with it.
/// </remarks>
internal sealed class GroupCommit<TRequest, TResult>(
    Func<IReadOnlyList<TRequest>, Task<IReadOnlyList<TResult>>> call,
    int maxPerCall,
    Func<TRequest, string>? exclusiveKey = null)
{
    private readonly Lock _gate = new();
    private readonly List<Waiter> _pending = [];
    private bool _draining;

    /// <param name="cancellationToken">Stops this caller's wait; the shared call still completes for the others.</param>
    public Task<TResult> CallAsync(TRequest request, CancellationToken cancellationToken)
    {
        var waiter = new Waiter(request);
        bool start;
        lock (_gate)
        {
            _pending.Add(waiter);
            start = !_draining;
            _draining = true;
        }

        if (start)
        {
            // Not on this caller's flow: the shared call belongs to no one message's trace or log scope,
            // and the thread-pool hop lets the batch's other groups, started with this one, join it.
            using (ExecutionContext.SuppressFlow())
            {
                _ = Task.Run(DrainAsync, CancellationToken.None);
            }
        }

        return waiter.Completion.Task.WaitAsync(cancellationToken);
    }

    private async Task DrainAsync()
    {
        try
        {
            while (TakeNext() is { } batch)
            {
                await RunAsync(batch);
            }
        }
        catch (Exception exception)
        {
            // Only a bug gets here (RunAsync answers every failure): fail who waits rather than leave them waiting for good.
            List<Waiter> stranded;
            lock (_gate)
            {
                stranded = [.. _pending];
                _pending.Clear();
                _draining = false;
            }

            foreach (var waiter in stranded)
            {
                waiter.Completion.TrySetException(exception);
            }
        }
    }

    /// <summary>The next call's requests, in arrival order; one whose exclusive key is taken waits for the call after.</summary>
    private List<Waiter>? TakeNext()
    {
        lock (_gate)
        {
            if (_pending.Count == 0)
            {
                _draining = false;
                return null;
            }

            var batch = new List<Waiter>(Math.Min(_pending.Count, maxPerCall));
            var keys = exclusiveKey is null ? null : new HashSet<string>(StringComparer.Ordinal);
            for (var index = 0; index < _pending.Count && batch.Count < maxPerCall;)
            {
                var waiter = _pending[index];
                if (keys is not null && !keys.Add(exclusiveKey!(waiter.Request)))
                {
                    index++;
                    continue;
                }

                batch.Add(waiter);
                _pending.RemoveAt(index);
            }

            return batch;
        }
    }

    private async Task RunAsync(List<Waiter> batch)
    {
        try
        {
            var results = await call([.. batch.Select(waiter => waiter.Request)]);
            for (var index = 0; index < batch.Count; index++)
            {
                batch[index].Completion.TrySetResult(results[index]);
            }
        }
        catch (AmazonDynamoDBException exception) when (exception.ErrorCode == "ValidationException" && batch.Count > 1)
        {
            foreach (var waiter in batch)
            {
                await RunAsync([waiter]);
            }
        }
        catch (Exception exception)
        {
            foreach (var waiter in batch)
            {
                waiter.Completion.TrySetException(exception);
            }
        }
    }

    private sealed class Waiter(TRequest request)
    {
        public TRequest Request { get; } = request;

        // Continuations run on the thread pool, not inside the drain loop: the next call goes out at once.
        public TaskCompletionSource<TResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
