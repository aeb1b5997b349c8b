using System.Text.Json;

namespace Ingestion.Benchmarks.Cost;

/// <summary>
/// The AWS calls every service made, counted from the operation log (AWS:OperationLog:Directory,
/// one JSON line per call and one file per process), as a snapshot that windows subtract.
/// </summary>
internal sealed record OperationCounts(IReadOnlyDictionary<(string Service, string Operation), long> Calls)
{
    private static readonly HashSet<string> Writes = new(StringComparer.Ordinal) { "PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem" };
    private static readonly HashSet<string> Reads = new(StringComparer.Ordinal) { "GetItem", "BatchGetItem", "Query", "Scan" };

    public static OperationCounts Read(string directory)
    {
        var calls = new Dictionary<(string, string), long>();
        if (!Directory.Exists(directory))
        {
            return new OperationCounts(calls);
        }

        foreach (var file in Directory.EnumerateFiles(directory))
        {
            foreach (var line in File.ReadLines(file))
            {
                if (Parse(line) is { } key)
                {
                    calls[key] = calls.GetValueOrDefault(key) + 1;
                }
            }
        }

        return new OperationCounts(calls);
    }

    internal static (string Service, string Operation)? Parse(string line)
    {
        if (line.Length == 0)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            return (root.GetProperty("service").GetString() ?? "", root.GetProperty("operation").GetString() ?? "");
        }
        catch (JsonException)
        {
            return null; // a line being written as we read
        }
    }

    public OperationCounts Since(OperationCounts earlier) =>
        new(Calls.ToDictionary(pair => pair.Key, pair => pair.Value - earlier.Calls.GetValueOrDefault(pair.Key)));

    public long Count(string service, Func<string, bool>? operation = null) =>
        Calls.Where(pair => string.Equals(pair.Key.Service, service, StringComparison.OrdinalIgnoreCase) && (operation?.Invoke(pair.Key.Operation) ?? true)).Sum(pair => pair.Value);

    /// <param name="deliveriesPerEvent">The subscriptions an event matches (each delivery is also an SQS request).</param>
    public RequestCounts ToRequests(long events, int deliveriesPerEvent)
    {
        var deliveries = events * deliveriesPerEvent;
        return new RequestCounts(
            events,
            Count("sns", op => op is "Publish" or "PublishBatch"),
            deliveries,
            Count("sqs") + deliveries,
            Count("dynamodb", Writes.Contains),
            Count("dynamodb", Reads.Contains),
            Count("s3", op => op.StartsWith("PUT", StringComparison.OrdinalIgnoreCase) || op == "PutObject"));
    }
}
