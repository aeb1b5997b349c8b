using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace Ingestion.LoadGenerator;

/// <summary>Posts batches of readings to `POST /sources/noise/events` and counts what came back.</summary>
internal sealed class ReadingSender(HttpClient http, string apiKey, LoadStatistics statistics, double alertThreshold, AlertLatency? alerts = null)
{
    public async Task SendAsync(IReadOnlyList<SimulatedReading> readings, CancellationToken cancellationToken)
    {
        var body = new JsonArray(readings.Select(ToEvent).ToArray());
        using var content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        statistics.CountSent(readings.Count);
        var clock = Stopwatch.StartNew();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "sources/noise/events") { Content = content };
            request.Headers.Add("X-Api-Key", apiKey);
            using var response = await http.SendAsync(request, cancellationToken);
            statistics.Latency.Record(clock.Elapsed);
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                statistics.CountAccepted(readings.Count, readings.Count(r => r.Db >= alertThreshold));
                foreach (var loud in readings.Where(r => r.Db >= alertThreshold))
                {
                    alerts?.Accepted(loud, DateTimeOffset.UtcNow);
                }
            }
            else
            {
                statistics.CountRejected((int)response.StatusCode, readings.Count);
            }
        }
        catch (HttpRequestException)
        {
            statistics.CountTransportError(readings.Count);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            statistics.CountTransportError(readings.Count); // the request's own timeout
        }
    }

    public static JsonNode ToEvent(SimulatedReading reading) => new JsonObject
    {
        ["entity_name"] = "READING",
        ["body"] = new JsonObject
        {
            ["location"] = reading.Location,
            ["sensor"] = reading.Sensor,
            ["timestamp"] = reading.Timestamp.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            ["db"] = reading.Db,
        },
    };
}
