using Ingestion.AppHost.Telemetry;
using Ingestion.AppHost.Telemetry.Model;
using Ingestion.AppHost.Telemetry.Storage;

namespace Ingestion.AppHost.Dashboard.Api;

/// <summary>
/// <c>GET /api/traces?resource=&amp;name=&amp;attr=key=value&amp;errors=true&amp;limit=</c> (newest first) and
/// <c>GET /api/traces/{traceId}</c> (pinned in DESIGN.md; spans ordered by start).
/// </summary>
internal static class TracesApi
{
    public static IEndpointRouteBuilder MapTracesApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/traces");
        group.MapGet("/", (TelemetryStore store, string? resource, string? name, string? attr, bool? errors, int? limit) =>
            TypedResults.Ok(store.Traces.Query(new TraceQuery(resource, name, attr, errors ?? false, Math.Clamp(limit ?? 200, 1, 2_000)))));
        group.MapGet("/{traceId}", IResult (string traceId, TelemetryStore store) =>
            store.Traces.GetTrace(traceId) is { } spans
                ? TypedResults.Ok(new TraceDto(traceId.ToLowerInvariant(), spans.Select(SpanDto.From).ToList()))
                : TypedResults.NotFound());
        return endpoints;
    }
}

internal sealed record TraceDto(string TraceId, IReadOnlyList<SpanDto> Spans);

/// <summary>The pinned span shape (spanId … attributes), then what the detail page also shows.</summary>
internal sealed record SpanDto(
    string SpanId,
    string? ParentSpanId,
    string Resource,
    string Name,
    SpanKind Kind,
    DateTimeOffset Start,
    double DurationMs,
    SpanStatus Status,
    IReadOnlyDictionary<string, string> Attributes,
    string TraceId,
    string? StatusMessage,
    string Scope,
    IReadOnlyList<SpanEvent> Events,
    IReadOnlyList<SpanLink> Links)
{
    public static SpanDto From(SpanData span) => new(
        span.SpanId,
        span.ParentSpanId,
        span.Resource,
        span.Name,
        span.Kind,
        span.Start,
        span.DurationMs,
        span.Status,
        span.Attributes,
        span.TraceId,
        span.StatusMessage,
        span.Scope,
        span.Events,
        span.Links);
}
