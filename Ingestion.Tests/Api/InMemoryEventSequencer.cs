using Ingestion.Api.Ordering;

namespace Ingestion.Tests.Api;

/// <summary>The sequencer's contract without DynamoDB: consecutive blocks, one counter per source.</summary>
internal sealed class InMemoryEventSequencer : IEventSequencer
{
    private readonly Dictionary<string, long> _next = new(StringComparer.Ordinal);

    /// <summary>When set, every reservation fails with it (the data store is unreachable).</summary>
    public Exception? Throw { get; set; }

    /// <summary>How many blocks were asked for: a refused request must not take one.</summary>
    public int Reservations => Volatile.Read(ref _reservations);

    private int _reservations;

    public Task<long> ReserveAsync(string source, int count, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reservations);
        if (Throw is not null)
        {
            return Task.FromException<long>(Throw);
        }

        lock (_next)
        {
            var first = _next.GetValueOrDefault(source) + 1;
            _next[source] = first + count - 1;
            return Task.FromResult(first);
        }
    }
}
