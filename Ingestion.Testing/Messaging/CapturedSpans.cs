using System.Collections.Concurrent;
using System.Diagnostics;
using Ingestion.Messaging;

namespace Ingestion.Tests.Messaging;

/// <summary>
/// Records the spans Ingestion.Messaging emits under a root activity of this test's own,
/// so spans from tests running in parallel are not mixed in.
/// </summary>
internal sealed class CapturedSpans : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<Activity> _stopped = new();

    public CapturedSpans()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == IngestionActivitySources.MessagingName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
        Root = new Activity("test-root").SetIdFormat(ActivityIdFormat.W3C).Start();
    }

    public Activity Root { get; }

    public Activity Single() => Assert.Single(_stopped, a => a.TraceId == Root.TraceId);

    public void Dispose()
    {
        Root.Stop();
        _listener.Dispose();
    }
}
