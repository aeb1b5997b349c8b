using System.Collections.Concurrent;
using System.Diagnostics;

namespace Ingestion.Tests;

/// <summary>
/// Records every span one ActivitySource stops, as an OpenTelemetry exporter would see them.
/// Tests run in parallel, so each picks its own by trace id or attribute; made with
/// <see cref="UnderARootOfItsOwn"/>, the test's spans are those under a root activity of its own.
/// </summary>
public sealed class CapturedSpans : IDisposable
{
    private readonly ActivityListener _listener;
    private Activity? _root;

    public CapturedSpans(string sourceName)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == sourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = Stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Starts a root activity (W3C ids) the test's spans become children of.</summary>
    public static CapturedSpans UnderARootOfItsOwn(string sourceName)
    {
        var spans = new CapturedSpans(sourceName);
        spans._root = new Activity("test-root").SetIdFormat(ActivityIdFormat.W3C).Start();
        return spans;
    }

    /// <summary>Every stopped span of the source, this test's and those of tests running beside it.</summary>
    public ConcurrentQueue<Activity> Stopped { get; } = new();

    public Activity Root => _root ?? throw new InvalidOperationException($"No root: make it with {nameof(UnderARootOfItsOwn)}.");

    /// <summary>The one span stopped under <see cref="Root"/>.</summary>
    public Activity Single() => Assert.Single(Stopped, span => span.TraceId == Root.TraceId);

    public void Dispose()
    {
        _root?.Stop();
        _listener.Dispose();
    }
}
