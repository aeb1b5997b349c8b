using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Ingestion.Benchmarks.Measurement;
using Ingestion.Messaging;

namespace Ingestion.Benchmarks.Load;

/// <summary>
/// Unique CONTRACT events posted to <c>POST /sources/sourceB/events</c> in batches, either paced
/// at an offered rate (open loop: requests leave on schedule, whatever came back, up to a cap of
/// requests in flight) or as fast as a number of connections allow (closed loop, like wrk).
/// Remembers when each accepted event was sent, for the POST → stored latency.
/// </summary>
internal sealed class ContractLoad(HttpClient http, string apiKey, string runId)
{
    public const string Source = "sourceB";
    private long _sequence;

    public Task<LoadResult> OfferAsync(double eventsPerSecond, TimeSpan duration, int batchSize, int maxInFlight, CancellationToken cancellationToken) =>
        RunAsync(duration, batchSize, cancellationToken, async (send, clock, stop) =>
        {
            using var slots = new SemaphoreSlim(maxInFlight);
            var inFlight = new ConcurrentDictionary<Task, bool>();
            var interval = batchSize / eventsPerSecond;
            long issued = 0;
            while (clock.Elapsed < duration && !stop.IsCancellationRequested)
            {
                // Every request that is due by now leaves now; then a short sleep.
                var due = (long)(clock.Elapsed.TotalSeconds / interval) + 1;
                for (; issued < due; issued++)
                {
                    await slots.WaitAsync(stop);
                    var task = SendReleasingAsync(send, slots);
                    inFlight[task] = true;
                    _ = task.ContinueWith(done => inFlight.TryRemove(done, out _), TaskScheduler.Default);
                }

                await Task.Delay(2, stop);
            }

            await Task.WhenAll(inFlight.Keys);
        });

    public Task<LoadResult> FloodAsync(int connections, TimeSpan duration, int batchSize, CancellationToken cancellationToken) =>
        RunAsync(duration, batchSize, cancellationToken, async (send, clock, stop) =>
            await Task.WhenAll(Enumerable.Range(0, connections).Select(async _ =>
            {
                while (clock.Elapsed < duration && !stop.IsCancellationRequested)
                {
                    await send();
                }
            })));

    private static async Task SendReleasingAsync(Func<Task> send, SemaphoreSlim slots)
    {
        try
        {
            await send();
        }
        finally
        {
            slots.Release();
        }
    }

    private async Task<LoadResult> RunAsync(TimeSpan duration, int batchSize, CancellationToken cancellationToken, Func<Func<Task>, Stopwatch, CancellationToken, Task> drive)
    {
        var accepted = new ConcurrentBag<SentEvent>();
        var rejected = new ConcurrentDictionary<int, int>();
        var requestLatencies = new ConcurrentBag<double>();
        var transportErrors = 0;
        var sent = 0;
        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();

        async Task SendOneAsync()
        {
            var ids = Enumerable.Range(0, batchSize).Select(_ => $"{runId}-{Interlocked.Increment(ref _sequence)}").ToArray();
            using var request = new HttpRequestMessage(HttpMethod.Post, $"sources/{Source}/events")
            {
                Content = new StringContent(Body(ids), Encoding.UTF8, "application/json"),
            };
            request.Headers.Add(ApiAccess.KeyHeader, apiKey);
            Interlocked.Add(ref sent, ids.Length);
            var sentAt = DateTimeOffset.UtcNow;
            var requestClock = Stopwatch.StartNew();
            try
            {
                using var response = await http.SendAsync(request, cancellationToken);
                requestLatencies.Add(requestClock.Elapsed.TotalMilliseconds);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    foreach (var id in ids)
                    {
                        accepted.Add(new SentEvent(id, sentAt));
                    }
                }
                else
                {
                    rejected.AddOrUpdate((int)response.StatusCode, ids.Length, (_, count) => count + ids.Length);
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                Interlocked.Add(ref transportErrors, ids.Length);
            }
        }

        await drive(SendOneAsync, clock, cancellationToken);
        var elapsed = clock.Elapsed;
        return new LoadResult(startedAt, startedAt + elapsed, elapsed.TotalSeconds, sent, [.. accepted],
            new Dictionary<int, int>(rejected), transportErrors, Percentiles.Summarise(requestLatencies));
    }

    private static string Body(string[] contractIds)
    {
        var body = new StringBuilder("[");
        for (var index = 0; index < contractIds.Length; index++)
        {
            body.Append(index == 0 ? "" : ",").Append(CultureInfo.InvariantCulture,
                $$$"""{"entity_name":"CONTRACT","body":{"contract_id":"{{{contractIds[index]}}}","contract_name":"Benchmark contract","contract_type":"FIXED_PRICE","contract_status":"ACTIVE"}}""");
        }

        return body.Append(']').ToString();
    }
}

internal sealed record SentEvent(string ContractId, DateTimeOffset SentAt)
{
    public string ItemId => $"CONTRACT#{ContractId}";
}

internal sealed record LoadResult(
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    double Seconds,
    int SentEvents,
    IReadOnlyList<SentEvent> Accepted,
    IReadOnlyDictionary<int, int> RejectedByStatus,
    int TransportErrors,
    LatencySummary RequestLatency)
{
    public double AcceptedPerSecond => Accepted.Count / Seconds;
}
