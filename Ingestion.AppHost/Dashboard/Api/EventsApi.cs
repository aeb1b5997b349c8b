using Ingestion.AppHost.Dashboard.Journey;
using Ingestion.AppHost.Telemetry;
using Ingestion.AppHost.Telemetry.Model;

namespace Ingestion.AppHost.Dashboard.Api;

/// <summary>
/// <c>GET /api/events/{eventId}</c>: the event's journey (see <see cref="EventJourney"/>);
/// <c>GET /api/events?limit=</c>: the latest events the telemetry mentions, newest first.
/// </summary>
internal static class EventsApi
{
    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/events", (TelemetryStore store, int? limit) =>
            TypedResults.Ok(store.Traces.FindSpans(span => span.Attribute(EventEvidence.EventIdAttribute) is not null, max: 50_000)
                .GroupBy(span => span.Attribute(EventEvidence.EventIdAttribute)!)
                .Select(spans => new RecentEventDto(
                    spans.Key,
                    spans.Min(span => span.Start),
                    spans.Select(span => span.Attribute("source")).FirstOrDefault(value => value is not null),
                    spans.Select(span => span.Attribute("entity_name")).FirstOrDefault(value => value is not null),
                    spans.MinBy(span => span.Start)!.TraceId,
                    spans.Any(span => span.Status == SpanStatus.Error)))
                .OrderByDescending(recent => recent.Start)
                .Take(Math.Clamp(limit ?? 30, 1, 500))
                .ToList()));
        endpoints.MapGet("/api/events/{eventId}", async (string eventId, EventJourneyBuilder journeys, CancellationToken cancellationToken) =>
            TypedResults.Ok(await journeys.BuildAsync(eventId.Trim(), cancellationToken)));
        return endpoints;
    }
}

internal sealed record RecentEventDto(string EventId, DateTimeOffset Start, string? Source, string? EntityName, string TraceId, bool Failed);
