using Ingestion.AppHost.Model;
using Microsoft.Extensions.Logging;

namespace Ingestion.AppHost.Processes;

/// <summary>
/// Every resource of the running app, in start order: the children it supervises, plus
/// in-process ones (the dashboard) that only report their state. The dashboard and the
/// testing builder see the app through this, as <see cref="IResourceMonitor"/>.
/// </summary>
public sealed class ProcessSupervisor(SupervisorOptions options, ILoggerFactory loggerFactory) : IResourceMonitor, IAsyncDisposable
{
    private readonly List<SupervisedProcess> _processes = [];
    private readonly Dictionary<string, ResourceSnapshot> _inProcess = [];
    private readonly Lock _lock = new();
    private readonly HttpClient _healthClient = new() { Timeout = TimeSpan.FromSeconds(2) };

    public event Action<ResourceSnapshot>? ResourceChanged;

    public event Action<ConsoleLogLine>? ConsoleLogWritten
    {
        add => Logs.LineWritten += value;
        remove => Logs.LineWritten -= value;
    }

    public ConsoleLogBuffer Logs { get; } = new();

    public SupervisedProcess Add(ProcessSpec spec)
    {
        var process = new SupervisedProcess(spec, Logs, _healthClient, options.Backoff, options, loggerFactory.CreateLogger("Ingestion.AppHost." + spec.Name));
        process.Changed += snapshot => ResourceChanged?.Invoke(snapshot);
        lock (_lock)
        {
            if (_processes.Any(p => p.Name == spec.Name) || _inProcess.ContainsKey(spec.Name))
            {
                throw new InvalidOperationException($"A resource named '{spec.Name}' already exists.");
            }

            _processes.Add(process);
        }

        return process;
    }

    /// <summary>Reports a resource that lives inside the AppHost process.</summary>
    public void ReportInProcess(ResourceSnapshot snapshot)
    {
        lock (_lock)
        {
            _inProcess[snapshot.Name] = snapshot;
        }

        ResourceChanged?.Invoke(snapshot);
    }

    public SupervisedProcess Get(string resource)
    {
        lock (_lock)
        {
            return _processes.FirstOrDefault(p => p.Name == resource)
                ?? throw new KeyNotFoundException($"No process resource named '{resource}'.");
        }
    }

    public IReadOnlyList<ResourceSnapshot> GetResources()
    {
        lock (_lock)
        {
            return [.. _processes.Select(p => p.Snapshot()), .. _inProcess.Values];
        }
    }

    public IReadOnlyList<ConsoleLogLine> GetConsoleLogs(string? resource, long afterSequence = 0, int max = 1000) =>
        Logs.Read(resource, afterSequence, max);

    public Task StartAsync(string resource, CancellationToken cancellationToken = default) => Get(resource).StartAsync(cancellationToken);

    public Task StopAsync(string resource, CancellationToken cancellationToken = default) => Get(resource).StopAsync();

    public Task RestartAsync(string resource, CancellationToken cancellationToken = default) => Get(resource).RestartAsync(cancellationToken);

    /// <summary>Called from the signal handler: exits from now on are part of shutting down.</summary>
    public void BeginShutdown()
    {
        lock (_lock)
        {
            foreach (var process in _processes)
            {
                process.BeginShutdown();
            }
        }
    }

    /// <summary>Stops everything, services before the emulators they depend on.</summary>
    public async ValueTask DisposeAsync()
    {
        List<SupervisedProcess> processes;
        lock (_lock)
        {
            processes = [.. _processes];
        }

        var services = processes.Where(p => p.Snapshot().Type != ResourceTypes.Emulator).ToList();
        await Task.WhenAll(services.Select(p => p.DisposeAsync().AsTask()));
        await Task.WhenAll(processes.Except(services).Select(p => p.DisposeAsync().AsTask()));
        _healthClient.Dispose();
    }
}
