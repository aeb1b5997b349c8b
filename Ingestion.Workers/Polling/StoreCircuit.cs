using Microsoft.Extensions.Options;

namespace Ingestion.Workers.Polling;

/// <summary>
/// A circuit breaker around the store, shared by every receive loop of the worker. After
/// <see cref="PollerOptions.StoreOutageThreshold"/> transient store failures in a row it opens: the
/// loops stop receiving, no further message of a batch in hand starts, and what the worker holds goes
/// back uncharged (<see cref="MessageDisposition.Deferred"/>). Every
/// <see cref="PollerOptions.StoreProbeInterval"/> one loop receives one batch as the probe; the
/// first success closes the circuit, a transient failure opens it again. So an outage of any length
/// costs a message at most a few receives, never its place in the dead-letter queue.
/// </summary>
internal sealed class StoreCircuit(IOptions<PollerOptions> options, TimeProvider timeProvider, ILogger<StoreCircuit> logger)
{
    private readonly Lock _lock = new();
    private CircuitState _state = CircuitState.Closed;
    private int _consecutiveFailures;
    private DateTimeOffset _probeAt;
    private DateTimeOffset _openedAt;

    private enum CircuitState
    {
        Closed,
        Open,

        /// <summary>One probe batch is running; its outcome closes or reopens the circuit.</summary>
        Probing,
    }

    /// <summary>True while the store is taken to be down and no probe is running: start no message.</summary>
    public bool IsOpen
    {
        get
        {
            lock (_lock)
            {
                return _state == CircuitState.Open;
            }
        }
    }

    /// <summary>Returns when this loop may receive: at once while closed; while open, when it is this loop's turn to probe.</summary>
    /// <returns>Whether this receive is the probe (its loop then calls <see cref="ProbeInconclusive"/> after it).</returns>
    public async Task<bool> WaitToReceiveAsync(CancellationToken cancellationToken)
    {
        var pollEvery = TimeSpan.FromMilliseconds(Math.Min(1000, options.Value.StoreProbeInterval.TotalMilliseconds));
        while (true)
        {
            lock (_lock)
            {
                if (_state == CircuitState.Closed)
                {
                    return false;
                }

                if (_state == CircuitState.Open && timeProvider.GetUtcNow() >= _probeAt)
                {
                    _state = CircuitState.Probing;
                    logger.StoreProbing(timeProvider.GetUtcNow() - _openedAt);
                    return true;
                }
            }

            // Waiting out an outage: a short sleep is the point, not synchronisation.
            await Task.Delay(pollEvery, timeProvider, cancellationToken);
        }
    }

    public void RecordSuccess()
    {
        lock (_lock)
        {
            _consecutiveFailures = 0;
            if (_state != CircuitState.Closed)
            {
                _state = CircuitState.Closed;
                logger.StoreRecovered(timeProvider.GetUtcNow() - _openedAt);
            }
        }
    }

    /// <returns>Whether the circuit is open after this failure.</returns>
    public bool RecordUnavailable(string reason)
    {
        lock (_lock)
        {
            _consecutiveFailures++;
            var now = timeProvider.GetUtcNow();
            switch (_state)
            {
                case CircuitState.Closed when _consecutiveFailures >= options.Value.StoreOutageThreshold:
                    _state = CircuitState.Open;
                    _openedAt = now;
                    _probeAt = now + options.Value.StoreProbeInterval;
                    logger.StoreCircuitOpened(_consecutiveFailures, options.Value.StoreProbeInterval, reason);
                    break;
                case CircuitState.Probing:
                    _state = CircuitState.Open;
                    _probeAt = now + options.Value.StoreProbeInterval;
                    break;
            }

            return _state != CircuitState.Closed;
        }
    }

    /// <summary>After the probe batch: if it reached no store call either way (nothing received), the next loop probes.</summary>
    public void ProbeInconclusive()
    {
        lock (_lock)
        {
            if (_state == CircuitState.Probing)
            {
                _state = CircuitState.Open;
                _probeAt = timeProvider.GetUtcNow();
            }
        }
    }

    /// <summary>Whether the store counts as unavailable now (open or probing): failures are then deferred, not charged.</summary>
    public bool IsTripped
    {
        get
        {
            lock (_lock)
            {
                return _state != CircuitState.Closed;
            }
        }
    }
}
