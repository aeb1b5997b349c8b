using Ingestion.AppHost.Dashboard.Hosting;
using Ingestion.AppHost.Model;
using Ingestion.AppHost.Telemetry;
using Ingestion.AppHost.Telemetry.Receivers;
using Ingestion.AppHost.Telemetry.Storage;

namespace Ingestion.AppHost.Dashboard;

/// <summary>
/// The AppHost's one call to get telemetry and a dashboard: starts the OTLP receivers (gRPC and
/// HTTP/protobuf) and the dashboard's web server, all on loopback. Dispose the result to stop them.
/// </summary>
public static class DashboardHost
{
    public static Task<RunningDashboard> StartAsync(DashboardOptions options, IResourceMonitor resources, IDashboardTopology topology, CancellationToken cancellationToken) =>
        StartAsync(options, resources, topology, loggerFactory: null, cancellationToken);

    /// <param name="loggerFactory">Where the dashboard's own logs go; none are written when null.</param>
    public static async Task<RunningDashboard> StartAsync(
        DashboardOptions options, IResourceMonitor resources, IDashboardTopology topology, ILoggerFactory? loggerFactory, CancellationToken cancellationToken)
    {
        options.Validate();
        var store = new TelemetryStore(options.Telemetry);
        var files = options.Telemetry.PersistDirectory is { Length: > 0 } directory
            ? new TelemetryFileStore(directory, options.Telemetry.MaxPersistBytes)
            : null;
        var ingestor = new OtlpIngestor(store, files, loggerFactory?.CreateLogger<OtlpIngestor>());
        if (files is not null && loggerFactory is not null)
        {
            loggerFactory.CreateLogger<OtlpIngestor>().Replayed(ingestor.Replay(), files.Directory);
        }
        else
        {
            ingestor.Replay();
        }

        var login = new Login.DashboardLogin(options.LoginToken ?? Login.DashboardLogin.NewToken(), options.Unsecured);
        var (receiver, listeners) = OtlpReceiverApp.Build(options.OtlpGrpcPort, options.OtlpHttpPort, ingestor, loggerFactory);
        var (dashboard, dashboardListener) = DashboardWebApp.Build(options, store, login, resources, topology, loggerFactory);
        try
        {
            await receiver.StartAsync(cancellationToken);
            await dashboard.StartAsync(cancellationToken);
        }
        catch
        {
            await receiver.DisposeAsync();
            await dashboard.DisposeAsync();
            files?.Dispose();
            throw;
        }

        var dashboardUrl = EmbeddedWebApp.BoundUrl(dashboardListener.Listener);
        return new RunningDashboard(
            dashboardUrl,
            login.Unsecured ? dashboardUrl : new Uri(dashboardUrl, $"login?t={login.Token}"),
            EmbeddedWebApp.BoundUrl(listeners.Grpc),
            EmbeddedWebApp.BoundUrl(listeners.Http),
            login.Unsecured ? null : login.Token,
            store,
            [dashboard, receiver],
            files);
    }
}

/// <summary>A started dashboard: where it listens, how to log in, and the telemetry it holds.</summary>
public sealed class RunningDashboard(
    Uri dashboardUrl,
    Uri loginUrl,
    Uri otlpGrpcUrl,
    Uri otlpHttpUrl,
    string? loginToken,
    TelemetryStore telemetry,
    IReadOnlyList<WebApplication> servers,
    TelemetryFileStore? files) : IAsyncDisposable
{
    public Uri DashboardUrl { get; } = dashboardUrl;

    /// <summary>What the AppHost prints: <c>http://127.0.0.1:18888/login?t=&lt;token&gt;</c> (the plain URL when unsecured).</summary>
    public Uri LoginUrl { get; } = loginUrl;

    /// <summary>For <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> with <c>OTEL_EXPORTER_OTLP_PROTOCOL=grpc</c>.</summary>
    public Uri OtlpGrpcUrl { get; } = otlpGrpcUrl;

    /// <summary>For <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> with <c>OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf</c>.</summary>
    public Uri OtlpHttpUrl { get; } = otlpHttpUrl;

    /// <summary>Null when unsecured.</summary>
    public string? LoginToken { get; } = loginToken;

    public TelemetryStore Telemetry { get; } = telemetry;

    public async ValueTask DisposeAsync()
    {
        foreach (var server in servers)
        {
            // Open event streams end with the server; don't wait the default 30 s for them.
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await server.StopAsync(grace.Token);
            await server.DisposeAsync();
        }

        files?.Dispose();
    }
}
