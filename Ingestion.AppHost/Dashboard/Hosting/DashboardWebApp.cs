using System.Net;
using System.Text.Json.Serialization;
using Ingestion.AppHost.Dashboard.Api;
using Ingestion.AppHost.Dashboard.Journey;
using Ingestion.AppHost.Dashboard.Login;
using Ingestion.AppHost.Dashboard.Pages;
using Ingestion.AppHost.Dashboard.Queues;
using Ingestion.AppHost.Model;
using Ingestion.AppHost.Telemetry;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Ingestion.AppHost.Dashboard.Hosting;

/// <summary>The dashboard's Kestrel server on loopback: login, pages, JSON API, live stream.</summary>
internal static class DashboardWebApp
{
    public static (WebApplication App, BoundListener Listener) Build(
        DashboardOptions options, TelemetryStore store, DashboardLogin login, IResourceMonitor resources, IDashboardTopology topology, ILoggerFactory? loggerFactory)
    {
        var builder = EmbeddedWebApp.CreateBuilder(loggerFactory);
        var bound = new BoundListener();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port, listen => bound.Listener = listen));
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.AddProblemDetails();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton(login);
        builder.Services.AddSingleton(resources);
        builder.Services.AddSingleton(topology);
        builder.Services.AddSingleton<DashboardAssets>();
        builder.Services.AddSingleton<PageRenderer>();
        builder.Services.AddSingleton<DeadLetterErrors>();
        builder.Services.AddSingleton<QueueInspector>();
        builder.Services.AddSingleton<Redriver>();
        builder.Services.AddSingleton<StoredItemReader>();
        builder.Services.AddSingleton<EventJourneyBuilder>();
        builder.Services.AddHostedService<QueueDepthSampler>();

        var app = builder.Build();
        app.UseDashboardLogin();
        app.MapLoginEndpoints();
        app.MapDashboardPages();
        app.MapResourcesApi();
        app.MapTracesApi();
        app.MapLogsApi();
        app.MapConsoleApi();
        app.MapMetricsApi();
        app.MapEventsApi();
        app.MapQueuesApi();
        app.MapStreamApi();
        return (app, bound);
    }

    /// <summary>Filled in when Kestrel starts; then it holds the bound port (also when 0 was asked).</summary>
    internal sealed class BoundListener
    {
        public ListenOptions? Listener { get; set; }
    }
}
