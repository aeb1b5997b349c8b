using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Ingestion.Messaging;

namespace Ingestion.Benchmarks.HotKeys;

/// <summary>
/// Noise readings posted to <c>POST /sources/noise/events</c> at a paced rate: every location of
/// the stack has <see cref="SensorsPerLocation"/> sensors, each reporting once per second of the
/// phase (its timestamps one second apart), a fifth of them loud enough to alert.
/// </summary>
internal sealed class ReadingLoad(HttpClient http, string apiKey, IReadOnlyList<string> locations)
{
    public const string Source = "noise";
    public const int SensorsPerLocation = 20;
    public const int BatchSize = 20;

    public IReadOnlyList<string> Locations => locations;

    /// <summary><c>location#sensor</c> of every sensor of the run.</summary>
    public IReadOnlyList<string> Sensors => [.. locations.SelectMany(location => Enumerable.Range(1, SensorsPerLocation).Select(sensor => $"{location}#{SensorId(sensor)}"))];

    /// <returns>Readings accepted (202).</returns>
    public async Task<long> OfferAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        var sensors = Sensors;
        var start = DateTimeOffset.UtcNow;
        var interval = TimeSpan.FromSeconds((double)BatchSize / sensors.Count);
        var clock = Stopwatch.StartNew();
        long accepted = 0;
        var sending = new List<Task>();
        for (var next = 0L; clock.Elapsed < duration; next += BatchSize)
        {
            var due = interval * (next / BatchSize);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed, cancellationToken);
            }

            var batch = Enumerable.Range(0, BatchSize).Select(offset => next + offset).ToList();
            sending.Add(SendAsync(batch, sensors, start, cancellationToken).ContinueWith(
                sent => Interlocked.Add(ref accepted, sent.IsCompletedSuccessfully ? sent.Result : 0), TaskScheduler.Default));
        }

        await Task.WhenAll(sending);
        return Interlocked.Read(ref accepted);
    }

    private async Task<int> SendAsync(IReadOnlyList<long> readings, IReadOnlyList<string> sensors, DateTimeOffset start, CancellationToken cancellationToken)
    {
        var body = new StringBuilder("[");
        foreach (var reading in readings)
        {
            var sensor = sensors[(int)(reading % sensors.Count)].Split('#');
            var timestamp = start.AddSeconds(reading / sensors.Count).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            var db = reading % 5 == 0 ? 90 : 55 + (reading % 20);
            body.Append(body.Length == 1 ? "" : ",").Append(CultureInfo.InvariantCulture,
                $$$"""{"entity_name":"READING","body":{"location":"{{{sensor[0]}}}","sensor":"{{{sensor[1]}}}","timestamp":"{{{timestamp}}}","db":{{{db}}}}}""");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, $"sources/{Source}/events") { Content = new StringContent(body.Append(']').ToString(), Encoding.UTF8, "application/json") };
        request.Headers.Add(ApiAccess.KeyHeader, apiKey);
        using var response = await http.SendAsync(request, cancellationToken);
        return response.StatusCode == HttpStatusCode.Accepted ? readings.Count : 0;
    }

    private static string SensorId(int sensor) => sensor.ToString("D3", CultureInfo.InvariantCulture);
}
