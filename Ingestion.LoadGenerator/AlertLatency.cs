using System.Collections.Concurrent;
using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Ingestion.LoadGenerator;

/// <summary>
/// POST → alert stored: remembers when each loud reading was accepted, then reads the ALERT
/// items the alert worker stored (their STORED_AT) and reports the latencies. Both clocks are
/// this machine's when run against the local AppHost.
/// </summary>
internal sealed class AlertLatency(IAmazonDynamoDB dynamoDb, string tableName)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _acceptedAt = new();

    /// <summary>The alert item ID the alert worker writes: the pinned READING ID with ALERT in front.</summary>
    public static string AlertId(SimulatedReading reading) =>
        $"ALERT#{reading.Location}#{reading.Sensor}#{reading.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture)}";

    public void Accepted(SimulatedReading reading, DateTimeOffset at) => _acceptedAt.TryAdd(AlertId(reading), at);

    /// <summary>Waits up to <paramref name="grace"/> for the alerts still in flight, then measures.</summary>
    public async Task<(LatencyRecorder Latency, int Found, int Missing)> MeasureAsync(TimeSpan grace, CancellationToken cancellationToken)
    {
        var latency = new LatencyRecorder();
        var pending = new Dictionary<string, DateTimeOffset>(_acceptedAt);
        var deadline = DateTimeOffset.UtcNow + grace;
        while (pending.Count > 0)
        {
            foreach (var chunk in pending.Keys.Chunk(100).ToList())
            {
                var response = await dynamoDb.BatchGetItemAsync(new BatchGetItemRequest
                {
                    RequestItems = new()
                    {
                        [tableName] = new KeysAndAttributes
                        {
                            Keys = chunk.Select(id => new Dictionary<string, AttributeValue> { ["ID"] = new() { S = id } }).ToList(),
                            ProjectionExpression = "ID, STORED_AT",
                        },
                    },
                }, cancellationToken);
                foreach (var item in response.Responses.GetValueOrDefault(tableName, []))
                {
                    var id = item["ID"].S;
                    latency.Record(DateTimeOffset.Parse(item["STORED_AT"].S, CultureInfo.InvariantCulture) - pending[id]);
                    pending.Remove(id);
                }
            }

            if (pending.Count == 0 || DateTimeOffset.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }

        return (latency, _acceptedAt.Count - pending.Count, pending.Count);
    }
}
