using System.Globalization;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;

namespace Ingestion.Topology.Events;

/// <summary>A DynamoDB item as plain JSON (numbers as numbers, maps as objects), for showing it.</summary>
internal static class DynamoJson
{
    public static JsonObject ToJson(Dictionary<string, AttributeValue> item)
    {
        var json = new JsonObject();
        foreach (var (name, value) in item.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            json[name] = ToJson(value);
        }

        return json;
    }

    private static JsonNode? ToJson(AttributeValue value) => value switch
    {
        { S: not null } => JsonValue.Create(value.S),
        { N: not null } => decimal.TryParse(value.N, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? JsonValue.Create(number) : JsonValue.Create(value.N),
        { BOOL: { } flag } => JsonValue.Create(flag),
        { NULL: true } => null,
        { M: { } map } when map.Count > 0 || value.IsMSet => ToJson(map),
        { L: { } list } when list.Count > 0 || value.IsLSet => new JsonArray(list.Select(ToJson).ToArray()),
        { SS: { Count: > 0 } strings } => new JsonArray(strings.Select(text => (JsonNode?)JsonValue.Create(text)).ToArray()),
        { NS: { Count: > 0 } numbers } => new JsonArray(numbers.Select(text => (JsonNode?)JsonValue.Create(text)).ToArray()),
        { B: not null } => JsonValue.Create(Convert.ToBase64String(value.B.ToArray())),
        _ => null,
    };
}
