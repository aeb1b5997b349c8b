namespace Ingestion.AppHost.Model;

/// <summary>
/// What the AppHost knows about one named resource at a moment: what the console table,
/// the dashboard's resource page and `GET /api/resources` show.
/// </summary>
/// <param name="Name">Pinned names: api, worker-&lt;source&gt;, fauxqs, dynalite, dashboard.</param>
/// <param name="Type">"project", "emulator" or "dashboard".</param>
/// <param name="Environment">Values of secret-looking keys are already masked.</param>
public sealed record ResourceSnapshot(
    string Name,
    string Type,
    ResourceState State,
    ResourceHealth Health,
    DateTimeOffset? StartedAt,
    IReadOnlyList<string> Endpoints,
    IReadOnlyDictionary<string, string> Environment,
    int? ProcessId,
    int RestartCount,
    int? ExitCode);

public enum ResourceState
{
    NotStarted,
    Starting,
    Running,
    Stopping,
    Stopped,
    Restarting,
    Exited,
    FailedToStart,
}

public enum ResourceHealth
{
    Unknown,
    Healthy,
    Unhealthy,
}
