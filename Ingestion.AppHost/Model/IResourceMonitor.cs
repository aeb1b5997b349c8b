namespace Ingestion.AppHost.Model;

/// <summary>
/// The AppHost's live view of its resources and their output, and the actions the
/// dashboard offers on them. Implemented by the process supervisor; read by the dashboard.
/// </summary>
public interface IResourceMonitor
{
    IReadOnlyList<ResourceSnapshot> GetResources();

    /// <summary>Raised after any resource changes state or health.</summary>
    event Action<ResourceSnapshot>? ResourceChanged;

    /// <summary>Most recent lines first-in order; <paramref name="resource"/> null means all, interleaved.</summary>
    IReadOnlyList<ConsoleLogLine> GetConsoleLogs(string? resource, long afterSequence = 0, int max = 1000);

    event Action<ConsoleLogLine>? ConsoleLogWritten;

    Task StartAsync(string resource, CancellationToken cancellationToken = default);

    Task StopAsync(string resource, CancellationToken cancellationToken = default);

    Task RestartAsync(string resource, CancellationToken cancellationToken = default);
}
