using System.Text.Json;
using Amazon.DynamoDBv2.Model;

namespace Ingestion.Workers.Persistence;

/// <summary>JSON to DynamoDB types, faithfully: nothing becomes a string that wasn't one.</summary>
internal static class JsonAttributeValues
{
    public static AttributeValue From(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => new AttributeValue { S = element.GetString() },
        // The JSON text as written: DynamoDB numbers are decimal strings of up to 38 digits, so no double rounding.
        JsonValueKind.Number => new AttributeValue { N = element.GetRawText() },
        JsonValueKind.True => new AttributeValue { BOOL = true },
        JsonValueKind.False => new AttributeValue { BOOL = false },
        JsonValueKind.Null => new AttributeValue { NULL = true },
        JsonValueKind.Object => new AttributeValue { M = FromObject(element) },
        JsonValueKind.Array => new AttributeValue { L = element.EnumerateArray().Select(From).ToList() },
        _ => throw new ArgumentException($"A JSON {element.ValueKind} has no DynamoDB equivalent.", nameof(element)),
    };

    public static Dictionary<string, AttributeValue> FromObject(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException($"Expected a JSON object, got {element.ValueKind}.", nameof(element));
        }

        return element.EnumerateObject().ToDictionary(property => property.Name, property => From(property.Value), StringComparer.Ordinal);
    }
}
