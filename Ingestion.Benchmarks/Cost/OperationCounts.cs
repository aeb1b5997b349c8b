using System.Text.Json;

namespace Ingestion.Benchmarks.Cost;

/// <summary>
/// The AWS calls every service made, counted from the operation log (AWS:OperationLog:Directory,
/// one JSON line per call and one file per process), as a snapshot that windows subtract. DynamoDB
/// reads are priced per item read (each at most 4 KB and strongly consistent, one read unit): a
/// BatchGetItem reads as many items as it names keys; writes per item written (each at most 1 KB,
/// one write unit): a BatchWriteItem writes as many as it names. SQS receives that came back empty are counted
/// apart (<see cref="EmptyReceives"/>): fauxqs answers every waiting long poll when one message
/// arrives, and all but one find nothing, where SQS holds a long poll until it has messages or its
/// wait (20 s) is over; priced, they would charge ours for the emulator.
/// </summary>
internal sealed record OperationCounts(
    IReadOnlyDictionary<(string Service, string Operation), long> Calls, long DynamoDbItemsRead, long DynamoDbItemsWritten, long EmptyReceives)
{
    private static readonly HashSet<string> Writes = new(StringComparer.Ordinal) { "PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem" };
    private static readonly HashSet<string> Reads = new(StringComparer.Ordinal) { "GetItem", "BatchGetItem", "Query", "Scan" };

    public static OperationCounts Read(string directory)
    {
        var calls = new Dictionary<(string, string), long>();
        long itemsRead = 0;
        long itemsWritten = 0;
        long emptyReceives = 0;
        if (!Directory.Exists(directory))
        {
            return new OperationCounts(calls, itemsRead, itemsWritten, emptyReceives);
        }

        foreach (var file in Directory.EnumerateFiles(directory))
        {
            foreach (var line in File.ReadLines(file))
            {
                if (Parse(line) is { } call)
                {
                    var key = (call.Service, call.Operation);
                    calls[key] = calls.GetValueOrDefault(key) + 1;
                    if (call.Service == "dynamodb" && Reads.Contains(call.Operation))
                    {
                        itemsRead += call.Keys;
                    }

                    if (call.Service == "dynamodb" && Writes.Contains(call.Operation))
                    {
                        itemsWritten += call.Keys;
                    }

                    if (call.Received == 0)
                    {
                        emptyReceives++;
                    }
                }
            }
        }

        return new OperationCounts(calls, itemsRead, itemsWritten, emptyReceives);
    }

    /// <returns>The call, the keys it named (at least one), and for a receive how many messages it brought back.</returns>
    internal static (string Service, string Operation, int Keys, int? Received)? Parse(string line)
    {
        if (line.Length == 0)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var keys = root.TryGetProperty("leading_keys", out var leadingKeys) && leadingKeys.ValueKind == JsonValueKind.Array
                ? Math.Max(1, leadingKeys.GetArrayLength())
                : 1;
            int? received = root.TryGetProperty("received", out var count) && count.ValueKind == JsonValueKind.Number ? count.GetInt32() : null;
            return (root.GetProperty("service").GetString() ?? "", root.GetProperty("operation").GetString() ?? "", keys, received);
        }
        catch (JsonException)
        {
            return null; // a line being written as we read
        }
    }

    public OperationCounts Since(OperationCounts earlier) =>
        new(Calls.ToDictionary(pair => pair.Key, pair => pair.Value - earlier.Calls.GetValueOrDefault(pair.Key)), DynamoDbItemsRead - earlier.DynamoDbItemsRead,
            DynamoDbItemsWritten - earlier.DynamoDbItemsWritten, EmptyReceives - earlier.EmptyReceives);

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
            Count("sqs") - EmptyReceives + deliveries,
            DynamoDbItemsWritten,
            DynamoDbItemsRead,
            Count("s3", op => op.StartsWith("PUT", StringComparison.OrdinalIgnoreCase) || op == "PutObject"),
            EmptyReceives);
    }
}
