using Ingestion.AppHost.Telemetry;
using Ingestion.AppHost.Telemetry.Model;
using Ingestion.AppHost.Telemetry.Storage;

namespace Ingestion.AppHost.Dashboard.Api;

/// <summary>
/// <c>GET /api/logs?resource=&amp;level=Warning&amp;text=&amp;attr=key=value&amp;traceId=&amp;after=&amp;limit=</c>:
/// structured logs, newest first; <c>level</c> is the lowest severity shown.
/// </summary>
internal static class LogsApi
{
    public static IEndpointRouteBuilder MapLogsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/logs", (TelemetryStore store, string? resource, LogSeverity? level, string? text, string? attr, string? traceId, long? after, int? limit) =>
        {
            var query = new LogQuery(resource, level ?? LogSeverity.Unspecified, text, attr, traceId, after ?? 0, Math.Clamp(limit ?? 500, 1, 5_000));
            return TypedResults.Ok(new LogPage(store.Logs.Query(query), store.Logs.LastSequence));
        });
        return endpoints;
    }
}

internal sealed record LogPage(IReadOnlyList<LogEntry> Entries, long LastSequence);
