using System.Text.Json.Nodes;
using Google.Protobuf;

namespace Ingestion.AppHost.Telemetry.Receivers;

/// <summary>
/// OTLP/JSON is proto3 JSON except that trace and span ids are hex, not base64: rewrite those
/// fields, then let the protobuf JSON parser do the rest.
/// </summary>
internal static class OtlpJson
{
    private static readonly HashSet<string> IdFields = ["traceId", "spanId", "parentSpanId", "trace_id", "span_id", "parent_span_id"];
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    public static T Parse<T>(byte[] body) where T : IMessage<T>, new()
    {
        var root = JsonNode.Parse(body) ?? throw new FormatException("empty JSON body");
        HexIdsToBase64(root);
        return Parser.Parse<T>(root.ToJsonString());
    }

    private static void HexIdsToBase64(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    if (IdFields.Contains(name) && value is JsonValue id && id.TryGetValue<string>(out var hex))
                    {
                        obj[name] = hex.Length == 0 ? "" : Convert.ToBase64String(Convert.FromHexString(hex));
                    }
                    else if (value is not null)
                    {
                        HexIdsToBase64(value);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array.OfType<JsonNode>())
                {
                    HexIdsToBase64(item);
                }

                break;
        }
    }
}
