using Ingestion.AppHost.Dashboard;
using Ingestion.AppHost.Model;
using Ingestion.AppHost.Processes;
using Microsoft.Extensions.Logging;

namespace Ingestion.AppHost.Hosting;

/// <summary>
/// The dashboard and its OTLP receivers, inside the AppHost process (resource `dashboard`).
/// Started first, so the services' telemetry has somewhere to go from their first span.
/// </summary>
public sealed class DashboardResource(DashboardOptions options)
{
    public const string Name = "dashboard";

    private RunningDashboard? _running;

    public StackDashboardTopology Topology { get; } = new();

    public RunningDashboard Running => _running ?? throw new InvalidOperationException("The dashboard has not been started yet.");

    internal async Task StartAsync(ProcessSupervisor supervisor, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        _running = await DashboardHost.StartAsync(options, supervisor, Topology, loggerFactory, cancellationToken);
        supervisor.ReportInProcess(new ResourceSnapshot(
            Name,
            ResourceTypes.Dashboard,
            ResourceState.Running,
            ResourceHealth.Healthy,
            DateTimeOffset.UtcNow,
            [_running.DashboardUrl.ToString(), $"OTLP/gRPC {_running.OtlpGrpcUrl}", $"OTLP/HTTP {_running.OtlpHttpUrl}"],
            new Dictionary<string, string>(),
            Environment.ProcessId,
            RestartCount: 0,
            ExitCode: null));
    }

    internal async Task StopAsync()
    {
        if (_running is not null)
        {
            await _running.DisposeAsync();
        }
    }
}
