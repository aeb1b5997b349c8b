using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Collections;
using Ingestion.AppHost.Telemetry.Otlp.Common;

namespace Ingestion.AppHost.Telemetry.Otlp;

/// <summary>OTLP wire values as the store keeps them: ids in hex, times as DateTimeOffset, attribute values as text.</summary>
internal static class OtlpValues
{
    public const string ServiceNameKey = "service.name";
    public const string UnknownResource = "unknown_service";

    public static string? Hex(ByteString bytes) => bytes.IsEmpty ? null : Convert.ToHexStringLower(bytes.Span);

    public static DateTimeOffset Time(ulong unixNanos) => DateTimeOffset.UnixEpoch.AddTicks((long)(unixNanos / 100));

    public static string ResourceName(Resource.Resource? resource) =>
        resource?.Attributes.FirstOrDefault(attribute => attribute.Key == ServiceNameKey)?.Value?.StringValue is { Length: > 0 } name
            ? name
            : UnknownResource;

    public static string ScopeName(InstrumentationScope? scope) => scope?.Name ?? "";

    public static Dictionary<string, string> Attributes(RepeatedField<KeyValue> attributes, int maxLength)
    {
        var result = new Dictionary<string, string>(attributes.Count, StringComparer.Ordinal);
        foreach (var attribute in attributes)
        {
            result[attribute.Key] = Cut(Text(attribute.Value), maxLength);
        }

        return result;
    }

    public static string Cut(string text, int maxLength) => text.Length <= maxLength ? text : string.Concat(text.AsSpan(0, maxLength - 1), "…");

    public static string Text(AnyValue? value) => value?.ValueCase switch
    {
        null or AnyValue.ValueOneofCase.None => "",
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString("R", CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.BytesValue => value.BytesValue.ToBase64(),
        _ => JsonSerializer.Serialize(Plain(value)),
    };

    // Arrays and maps become JSON so they stay readable (and searchable) as one attribute value.
    private static object? Plain(AnyValue value) => value.ValueCase switch
    {
        AnyValue.ValueOneofCase.ArrayValue => value.ArrayValue.Values.Select(Plain).ToList(),
        AnyValue.ValueOneofCase.KvlistValue => value.KvlistValue.Values.ToDictionary(pair => pair.Key, pair => Plain(pair.Value)),
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue,
        AnyValue.ValueOneofCase.IntValue => value.IntValue,
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue,
        _ => Text(value),
    };
}
