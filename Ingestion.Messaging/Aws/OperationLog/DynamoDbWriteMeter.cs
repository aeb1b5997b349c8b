using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ingestion.Messaging.Entities;

namespace Ingestion.Messaging.Aws.OperationLog;

/// <summary>
/// What each DynamoDB write charges each partition key, for the benchmark's hot-key report. It asks
/// the write for its consumed capacity (1 unit per started KB of the larger of the item before and
/// after, computed by DynamoDB, or dynalite, the same way) and for the item's image after an update
/// (before a delete), which names the partition key of every index the item lands in. Asking
/// changes the signed request body: emulators only (<see cref="AwsOperationLogOptions.WriteUnitsKey"/>).
/// </summary>
public sealed class DynamoDbWriteMeter(IReadOnlyDictionary<string, string> indexKeyAttributes)
{
    private static readonly HashSet<string> WriteOperations = new(StringComparer.Ordinal) { "PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem" };

    /// <summary>Index name → its partition key attribute, e.g. <c>EntityNameIndex</c> → <c>ENTITY_NAME</c>.</summary>
    public IReadOnlyDictionary<string, string> IndexKeyAttributes { get; } = indexKeyAttributes;

    public static bool IsWrite(string operation) => WriteOperations.Contains(operation);

    /// <summary>The request body with the consumed capacity and the item's image asked for, unless the caller asked itself.</summary>
    public static string Prepare(string operation, string body)
    {
        var request = JsonNode.Parse(body.Length == 0 ? "{}" : body)!.AsObject();
        request["ReturnConsumedCapacity"] ??= "TOTAL";
        var returnValues = request["ReturnValues"]?.GetValue<string>();
        if (returnValues is null or "NONE")
        {
            if (operation == "UpdateItem")
            {
                request["ReturnValues"] = "ALL_NEW";
            }
            else if (operation == "DeleteItem")
            {
                request["ReturnValues"] = "ALL_OLD";
            }
        }

        return request.ToJsonString();
    }

    /// <param name="response">The answer's body; a failed conditional write answers an error and still costs its write.</param>
    public IReadOnlyList<KeyWrite> Writes(string operation, string requestBody, string response)
    {
        using var requestDocument = JsonDocument.Parse(requestBody.Length == 0 ? "{}" : requestBody);
        using var responseDocument = JsonDocument.Parse(response.Length == 0 ? "{}" : response);
        var request = requestDocument.RootElement;
        var answer = responseDocument.RootElement;
        var writes = new List<KeyWrite>();
        if (operation == "BatchWriteItem")
        {
            if (!request.TryGetProperty("RequestItems", out var items))
            {
                return writes;
            }

            foreach (var table in items.EnumerateObject())
            {
                foreach (var entry in table.Value.EnumerateArray())
                {
                    if (entry.TryGetProperty("PutRequest", out var put))
                    {
                        // A batch reports one total per table: each put is charged by the item it writes.
                        AddItemWrites(writes, put.GetProperty("Item"), ItemUnits(put.GetProperty("Item")));
                    }
                    else if (entry.TryGetProperty("DeleteRequest", out var delete))
                    {
                        AddItemWrites(writes, delete.GetProperty("Key"), 1);
                    }
                }
            }

            return writes;
        }

        var item = operation == "PutItem" && request.TryGetProperty("Item", out var written) ? written : request.TryGetProperty("Key", out var key) ? key : default;
        if (item.ValueKind != JsonValueKind.Object)
        {
            return writes;
        }

        var units = answer.TryGetProperty("ConsumedCapacity", out var consumed) && consumed.TryGetProperty("CapacityUnits", out var capacity)
            ? capacity.GetDouble()
            : operation == "PutItem" ? ItemUnits(item) : 1;
        var image = operation == "PutItem" ? item : answer.TryGetProperty("Attributes", out var attributes) ? attributes : item;
        writes.Add(new KeyWrite(null, KeyOf(item), units));
        if (answer.TryGetProperty("__type", out _))
        {
            return writes; // refused (a failed condition): charged, but no index changed
        }

        AddIndexWrites(writes, image, units);
        return writes;
    }

    private void AddItemWrites(List<KeyWrite> writes, JsonElement item, double units)
    {
        writes.Add(new KeyWrite(null, KeyOf(item), units));
        AddIndexWrites(writes, item, units);
    }

    // With projection ALL an index entry is the whole item: charged as the table's write.
    private void AddIndexWrites(List<KeyWrite> writes, JsonElement image, double units)
    {
        foreach (var (index, attribute) in IndexKeyAttributes)
        {
            if (image.TryGetProperty(attribute, out var value) && ScalarText(value) is { } indexKey)
            {
                writes.Add(new KeyWrite(index, indexKey, units));
            }
        }
    }

    private static string KeyOf(JsonElement item) =>
        item.TryGetProperty(DataStoreAttributes.Id, out var id) && ScalarText(id) is { } text ? text : "?";

    private static string? ScalarText(JsonElement value) =>
        value.TryGetProperty("S", out var text) ? text.GetString()
        : value.TryGetProperty("N", out var number) ? number.GetString()
        : null;

    /// <summary>DynamoDB's item size, rounded up to whole KB: names plus values (strings in UTF-8, numbers about a byte per two digits).</summary>
    internal static double ItemUnits(JsonElement item)
    {
        var bytes = item.EnumerateObject().Sum(attribute => Encoding.UTF8.GetByteCount(attribute.Name) + ValueBytes(attribute.Value));
        return Math.Max(1, Math.Ceiling(bytes / 1024.0));
    }

    private static int ValueBytes(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object || !value.EnumerateObject().Any())
        {
            return 0;
        }

        var typed = value.EnumerateObject().First();
        var content = typed.Value;
        return typed.Name switch
        {
            "S" => Encoding.UTF8.GetByteCount(content.GetString() ?? ""),
            "N" => ((content.GetString()?.Length ?? 0) / 2) + 1,
            "BOOL" or "NULL" => 1,
            "M" => 3 + content.EnumerateObject().Sum(entry => Encoding.UTF8.GetByteCount(entry.Name) + 1 + ValueBytes(entry.Value)),
            "L" => 3 + content.EnumerateArray().Sum(entry => 1 + ValueBytes(entry)),
            _ => Encoding.UTF8.GetByteCount(content.GetRawText()),
        };
    }

    /// <summary>Parses <c>EntityNameIndex=ENTITY_NAME,OtherIndex=OTHER_KEY</c>.</summary>
    public static DynamoDbWriteMeter Parse(string? indexKeys) => new(
        (indexKeys ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(pair => pair.Split('=', 2, StringSplitOptions.TrimEntries))
            .Where(pair => pair.Length == 2 && pair[0].Length > 0 && pair[1].Length > 0)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal));

    public override string ToString() =>
        string.Join(",", IndexKeyAttributes.Select(pair => string.Create(CultureInfo.InvariantCulture, $"{pair.Key}={pair.Value}")));
}
