using Ingestion.AppHost.Telemetry;
using Ingestion.AppHost.Telemetry.Model;
using Ingestion.AppHost.Telemetry.Storage;

namespace Ingestion.AppHost.Dashboard.Api;

/// <summary>
/// <c>GET /api/metrics</c>: the instruments; <c>GET /api/metrics/{name}?resource=</c>: each series
/// as chartable points. Gauges and counters give their value (counters as running totals);
/// histograms the mean and the 95th percentile of each interval between two exports.
/// </summary>
internal static class MetricsApi
{
    public static IEndpointRouteBuilder MapMetricsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/metrics");
        group.MapGet("/", (TelemetryStore store) => TypedResults.Ok(store.Metrics.ListInstruments().Select(InstrumentDto.From).ToList()));
        group.MapGet("/{name}", IResult (string name, string? resource, TelemetryStore store) =>
        {
            var series = store.Metrics.GetSeries(name, resource);
            if (series.Count == 0)
            {
                return TypedResults.NotFound();
            }

            var instrument = series[0].Instrument;
            return TypedResults.Ok(new MetricDto(
                instrument.Name,
                instrument.Unit,
                instrument.Description,
                instrument.Kind,
                series.Select(one => new SeriesDto(one.Resource, one.Attributes, ChartPoints.From(one))).ToList()));
        });
        return endpoints;
    }
}

internal sealed record InstrumentDto(string Name, string Unit, string Description, MetricKind Kind, IReadOnlyList<string> Resources, int SeriesCount)
{
    public static InstrumentDto From(MetricInstrument instrument) => new(
        instrument.Instrument.Name,
        instrument.Instrument.Unit,
        instrument.Instrument.Description,
        instrument.Instrument.Kind,
        instrument.Resources,
        instrument.SeriesCount);
}

internal sealed record MetricDto(string Name, string Unit, string Description, MetricKind Kind, IReadOnlyList<SeriesDto> Series);

internal sealed record SeriesDto(string Resource, IReadOnlyDictionary<string, string> Attributes, IReadOnlyList<ChartPoint> Points);
