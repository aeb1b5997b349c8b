namespace Ingestion.AppHost.Processes;

public sealed record SupervisorOptions
{
    /// <summary>How long a child may take to answer its health probe after start.</summary>
    public TimeSpan HealthTimeout { get; init; } = TimeSpan.FromSeconds(90);

    public TimeSpan HealthPollInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan HealthMonitorInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Between SIGTERM and kill: long enough for a worker to finish or release its batch.</summary>
    public TimeSpan StopGracePeriod { get; init; } = TimeSpan.FromSeconds(10);

    public RestartBackoff Backoff { get; init; } = RestartBackoff.Default;
}
