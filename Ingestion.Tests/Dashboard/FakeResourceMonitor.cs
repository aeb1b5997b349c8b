using Ingestion.AppHost.Model;

namespace Ingestion.Tests.Dashboard;

/// <summary>An AppHost supervisor stand-in: resources and console lines the test sets, actions recorded.</summary>
public sealed class FakeResourceMonitor : IResourceMonitor
{
    private readonly Lock _gate = new();
    private readonly List<ResourceSnapshot> _resources = [];
    private readonly List<ConsoleLogLine> _lines = [];

    public event Action<ResourceSnapshot>? ResourceChanged;

    public event Action<ConsoleLogLine>? ConsoleLogWritten;

    public List<string> Actions { get; } = [];

    public static FakeResourceMonitor WithSampleResources()
    {
        var monitor = new FakeResourceMonitor();
        var started = DateTimeOffset.UtcNow.AddMinutes(-12);
        monitor.Set(Resource("fauxqs", "emulator", started, ["http://127.0.0.1:4566"], 4101));
        monitor.Set(Resource("dynalite", "emulator", started, ["http://127.0.0.1:8000"], 4102));
        monitor.Set(Resource("api", "project", started.AddSeconds(3), ["http://127.0.0.1:5080"], 4103) with
        {
            Environment = new Dictionary<string, string>
            {
                ["ASPNETCORE_URLS"] = "http://127.0.0.1:5080",
                ["AWS_SECRET_ACCESS_KEY"] = "not-a-real-secret",
                ["AWS__Endpoints__SNS"] = "http://127.0.0.1:4566",
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:18889",
                ["OTEL_SERVICE_NAME"] = "api",
            },
        });
        monitor.Set(Resource("worker-sourceA", "project", started.AddSeconds(4), ["http://127.0.0.1:5101"], 4104));
        monitor.Set(Resource("worker-sourceB", "project", started.AddSeconds(4), ["http://127.0.0.1:5102"], 4105) with { RestartCount = 2 });
        monitor.Set(Resource("worker-sourceC", "project", null, [], null) with { State = ResourceState.Exited, Health = ResourceHealth.Unhealthy, ExitCode = 134 });
        monitor.Set(Resource("dashboard", "dashboard", started, ["http://127.0.0.1:18888"], null));
        return monitor;
    }

    public static ResourceSnapshot Resource(string name, string type, DateTimeOffset? startedAt, IReadOnlyList<string> endpoints, int? processId) =>
        new(name, type, ResourceState.Running, ResourceHealth.Healthy, startedAt, endpoints, new Dictionary<string, string>(), processId, 0, null);

    public void Set(ResourceSnapshot resource)
    {
        lock (_gate)
        {
            _resources.RemoveAll(existing => existing.Name == resource.Name);
            _resources.Add(resource);
        }

        ResourceChanged?.Invoke(resource);
    }

    public ConsoleLogLine Write(string resource, string text, bool isError = false)
    {
        ConsoleLogLine line;
        lock (_gate)
        {
            line = new ConsoleLogLine(_lines.Count + 1, resource, DateTimeOffset.UtcNow, text, isError);
            _lines.Add(line);
        }

        ConsoleLogWritten?.Invoke(line);
        return line;
    }

    public IReadOnlyList<ResourceSnapshot> GetResources()
    {
        lock (_gate)
        {
            return _resources.ToList();
        }
    }

    public IReadOnlyList<ConsoleLogLine> GetConsoleLogs(string? resource, long afterSequence = 0, int max = 1000)
    {
        lock (_gate)
        {
            return _lines.Where(line => line.Sequence > afterSequence && (resource is null || line.Resource == resource)).TakeLast(max).ToList();
        }
    }

    public Task StartAsync(string resource, CancellationToken cancellationToken = default) => Act("start", resource, ResourceState.Running);

    public Task StopAsync(string resource, CancellationToken cancellationToken = default) => Act("stop", resource, ResourceState.Stopped);

    public Task RestartAsync(string resource, CancellationToken cancellationToken = default) => Act("restart", resource, ResourceState.Running);

    private Task Act(string action, string resource, ResourceState state)
    {
        lock (_gate)
        {
            Actions.Add($"{action} {resource}");
        }

        var current = GetResources().Single(r => r.Name == resource);
        Set(current with { State = state });
        return Task.CompletedTask;
    }
}
