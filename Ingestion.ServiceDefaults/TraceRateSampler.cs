using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The sampler of a trace's first span (a POST, a received batch): every one, until a process starts
/// more than <see cref="PerSecond"/> traces within a second; the rest of that second's are dropped
/// whole. Under <see cref="ParentBasedSampler"/> every other span follows its parent, across processes
/// too (the W3C flags travel in the message), so an event's trace is complete or absent, never cut.
/// A person reads a few traces a second, and the dashboard stores each span: under a load test it was
/// the machine's largest CPU user per event. On AWS it caps what X-Ray records (and charges).
/// </summary>
public sealed class TraceRateSampler : Sampler
{
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private long _second = -1;
    private int _taken;

    public TraceRateSampler(int perSecond, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perSecond);
        PerSecond = perSecond;
        _time = time;
        Description = $"TraceRateSampler{{{perSecond}/s}}";
    }

    public int PerSecond { get; }

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        var second = _time.GetTimestamp() / _time.TimestampFrequency;
        lock (_gate)
        {
            if (second != _second)
            {
                (_second, _taken) = (second, 0);
            }

            if (_taken >= PerSecond)
            {
                return new SamplingResult(SamplingDecision.Drop);
            }

            _taken++;
        }

        return new SamplingResult(SamplingDecision.RecordAndSample);
    }
}
