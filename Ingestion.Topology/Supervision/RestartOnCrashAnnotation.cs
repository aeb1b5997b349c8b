using Aspire.Hosting.ApplicationModel;

namespace Ingestion.Topology.Supervision;

/// <summary>Marks a resource whose process the AppHost starts again when it dies (DCP does not).</summary>
public sealed class RestartOnCrashAnnotation(RestartBackoff backoff) : IResourceAnnotation
{
    public RestartBackoff Backoff { get; } = backoff;
}
