using Microsoft.Extensions.Configuration;

namespace Ingestion.Topology.Queues;

/// <summary>Links into the Aspire dashboard's pages, from the URL the AppHost serves it on (ASPNETCORE_URLS).</summary>
public sealed record DashboardLinks(Uri? BaseUrl)
{
    public string TracesWithEventLink(string eventId) =>
        BaseUrl is null ? "-" : $"[traces with this event_id]({new Uri(BaseUrl, $"/traces?filters=event_id:equals:{Uri.EscapeDataString(eventId)}")})";

    public static DashboardLinks From(IConfiguration configuration) =>
        new(configuration["ASPNETCORE_URLS"]?.Split(';').FirstOrDefault() is { Length: > 0 } url && Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri : null);

    public string TraceLink(string? traceId) => traceId switch
    {
        null => "-",
        _ when BaseUrl is null => $"`{traceId}`",
        _ => $"[{traceId[..8]}…]({new Uri(BaseUrl, $"/traces/detail/{traceId}")})",
    };
}
