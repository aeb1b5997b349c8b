using System.Collections.Concurrent;
using System.Globalization;

namespace Ingestion.LoadGenerator;

/// <summary>What the run did, safe to update from concurrent senders.</summary>
internal sealed class LoadStatistics
{
    private long _sent;
    private long _accepted;
    private long _loudAccepted;
    private long _transportErrors;
    private long _skippedByRateCap;

    public ConcurrentDictionary<int, long> RejectedByStatus { get; } = new();

    public LatencyRecorder Latency { get; } = new();

    public long Sent => Interlocked.Read(ref _sent);

    public long Accepted => Interlocked.Read(ref _accepted);

    public long LoudAccepted => Interlocked.Read(ref _loudAccepted);

    public long TransportErrors => Interlocked.Read(ref _transportErrors);

    public long SkippedByRateCap => Interlocked.Read(ref _skippedByRateCap);

    public void CountSent(int readings) => Interlocked.Add(ref _sent, readings);

    public void CountAccepted(int readings, int loud)
    {
        Interlocked.Add(ref _accepted, readings);
        Interlocked.Add(ref _loudAccepted, loud);
    }

    public void CountRejected(int status, int readings) => RejectedByStatus.AddOrUpdate(status, readings, (_, count) => count + readings);

    public void CountTransportError(int readings) => Interlocked.Add(ref _transportErrors, readings);

    public void CountSkipped(int readings) => Interlocked.Add(ref _skippedByRateCap, readings);

    public string ProgressLine(TimeSpan elapsed) => string.Create(CultureInfo.InvariantCulture,
        $"{elapsed.TotalSeconds,5:0}s  sent {Sent,8}  accepted {Accepted,8}  rejected {RejectedByStatus.Values.Sum(),6}  errors {TransportErrors,5}  rate {Sent / Math.Max(1, elapsed.TotalSeconds),7:0}/s  p95 {Format(Latency.Percentile(95))}");

    public string Summary(TimeSpan elapsed)
    {
        var rejected = RejectedByStatus.IsEmpty ? "none" : string.Join(", ", RejectedByStatus.OrderBy(p => p.Key).Select(p => $"{p.Key}: {p.Value}"));
        return string.Create(CultureInfo.InvariantCulture, $"""

            Summary after {elapsed.TotalSeconds:0.0} s
              readings sent        {Sent}
              accepted (202)       {Accepted}
              rejected by status   {rejected}
              transport errors     {TransportErrors}
              skipped by rate cap  {SkippedByRateCap}
              loud readings sent and accepted (alerts expected) {LoudAccepted}
              request latency ms   p50 {Format(Latency.Percentile(50))}  p95 {Format(Latency.Percentile(95))}  p99 {Format(Latency.Percentile(99))}  max {Format(Latency.Percentile(100))}
            """);
    }

    private static string Format(double? milliseconds) => milliseconds is { } value ? value.ToString("0.0", CultureInfo.InvariantCulture) : "-";
}
