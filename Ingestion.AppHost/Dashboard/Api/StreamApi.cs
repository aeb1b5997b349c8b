using System.Threading.Channels;
using Ingestion.AppHost.Model;
using Ingestion.AppHost.Telemetry;

namespace Ingestion.AppHost.Dashboard.Api;

/// <summary>
/// <c>GET /api/stream</c>: Server-Sent Events saying what changed (<c>traces</c>, <c>logs</c>,
/// <c>metrics</c>, <c>resources</c>, <c>console</c>), coalesced to at most a few per second; pages
/// re-read the JSON API for what they show. A comment line every 15 s keeps proxies from closing it.
/// </summary>
internal static class StreamApi
{
    private static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(400);
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    public static IEndpointRouteBuilder MapStreamApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/stream", StreamAsync);
        return endpoints;
    }

    private static async Task StreamAsync(HttpContext context, TelemetryStore store, IResourceMonitor monitor, IHostApplicationLifetime lifetime)
    {
        var changes = Channel.CreateBounded<string>(new BoundedChannelOptions(64) { FullMode = BoundedChannelFullMode.DropOldest });
        void OnTelemetry(TelemetryKinds kinds)
        {
            foreach (var kind in Enum.GetValues<TelemetryKinds>().Where(kind => kind != TelemetryKinds.None && kinds.HasFlag(kind)))
            {
                changes.Writer.TryWrite(kind.ToString().ToLowerInvariant());
            }
        }

        void OnResource(ResourceSnapshot _) => changes.Writer.TryWrite("resources");
        void OnConsole(ConsoleLogLine _) => changes.Writer.TryWrite("console");

        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        store.Changed += OnTelemetry;
        monitor.ResourceChanged += OnResource;
        monitor.ConsoleLogWritten += OnConsole;
        // Ends with the page or with the dashboard, so stopping never waits on an open stream.
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var cancellationToken = ended.Token;
        try
        {
            await context.Response.WriteAsync("retry: 2000\n\n", cancellationToken);
            await context.Response.Body.FlushAsync(cancellationToken);
            while (!cancellationToken.IsCancellationRequested)
            {
                using var heartbeat = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                heartbeat.CancelAfter(Heartbeat);
                string first;
                try
                {
                    first = await changes.Reader.ReadAsync(heartbeat.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    await context.Response.WriteAsync(": keep-alive\n\n", cancellationToken);
                    await context.Response.Body.FlushAsync(cancellationToken);
                    continue;
                }

                await Task.Delay(Coalesce, cancellationToken);
                var kinds = new SortedSet<string>(StringComparer.Ordinal) { first };
                while (changes.Reader.TryRead(out var more))
                {
                    kinds.Add(more);
                }

                await context.Response.WriteAsync($"event: change\ndata: {string.Join(',', kinds)}\n\n", cancellationToken);
                await context.Response.Body.FlushAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // The page went away.
        }
        finally
        {
            store.Changed -= OnTelemetry;
            monitor.ResourceChanged -= OnResource;
            monitor.ConsoleLogWritten -= OnConsole;
        }
    }
}
