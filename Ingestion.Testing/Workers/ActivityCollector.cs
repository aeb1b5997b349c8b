using System.Collections.Concurrent;
using System.Diagnostics;
using Ingestion.Workers.Telemetry;

namespace Ingestion.Tests.Workers;

/// <summary>Records every finished span of the worker's ActivitySource, as an OpenTelemetry exporter would see them.</summary>
internal sealed class ActivityCollector : IDisposable
{
    private readonly ActivityListener _listener;

    public ActivityCollector()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == WorkerTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = Stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Other tests run in parallel: filter by trace id or attribute.</summary>
    public ConcurrentQueue<Activity> Stopped { get; } = new();

    public void Dispose() => _listener.Dispose();
}
