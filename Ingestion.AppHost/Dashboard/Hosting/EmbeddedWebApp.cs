using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Ingestion.AppHost.Dashboard.Hosting;

/// <summary>
/// A Kestrel server living inside the AppHost process: no console lifetime of its own (the
/// AppHost owns Ctrl+C and disposes it), and its logs go to the AppHost's logger factory or nowhere.
/// </summary>
internal static class EmbeddedWebApp
{
    public static WebApplicationBuilder CreateBuilder(ILoggerFactory? loggerFactory)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        if (loggerFactory is not null)
        {
            builder.Services.Replace(ServiceDescriptor.Singleton(loggerFactory));
        }

        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
        return builder;
    }

    public static Uri BoundUrl(Microsoft.AspNetCore.Server.Kestrel.Core.ListenOptions? listener) =>
        listener?.IPEndPoint is { } endpoint
            ? new Uri($"http://{endpoint.Address}:{endpoint.Port}/")
            : throw new InvalidOperationException("The listener is not bound yet.");

    private sealed class EmbeddedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
