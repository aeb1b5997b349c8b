namespace Ingestion.AppHost.Processes;

/// <summary>How to run one child process the AppHost supervises.</summary>
/// <param name="Name">The resource name (api, worker-sourceA, fauxqs, …).</param>
/// <param name="Type">"project" or "emulator".</param>
/// <param name="Environment">Computed at each start, so a restart sees current values.</param>
/// <param name="Health">How to tell the process is ready; null means "started is ready".</param>
/// <param name="Endpoints">URLs shown in the resource table and the dashboard.</param>
public sealed record ProcessSpec(
    string Name,
    string Type,
    string FileName,
    IReadOnlyList<string> Arguments,
    string WorkingDirectory,
    Func<IReadOnlyDictionary<string, string>> Environment,
    HealthProbe? Health,
    IReadOnlyList<string> Endpoints);

/// <summary>
/// Ready when <paramref name="Url"/> answers 200, or, with <paramref name="AnyAnswer"/>, answers at all
/// (dynalite has no health route: any HTTP reply proves it serves).
/// </summary>
public sealed record HealthProbe(Uri Url, bool AnyAnswer = false);
