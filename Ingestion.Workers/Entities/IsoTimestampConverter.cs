using System.Text.Json;
using System.Text.Json.Serialization;
using Ingestion.Messaging.Entities;

namespace Ingestion.Workers.Entities;

/// <summary>
/// Reads an ISO 8601 timestamp; one without an offset is taken as UTC, not as this machine's
/// local time (System.Text.Json's default), so the item ID doesn't depend on where the worker runs.
/// </summary>
internal sealed class IsoTimestampConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String || !reader.TryGetDateTime(out var dateTime) || !reader.TryGetDateTimeOffset(out var withOffset))
        {
            throw new JsonException("expected an ISO 8601 timestamp string");
        }

        return dateTime.Kind == DateTimeKind.Unspecified
            ? new DateTimeOffset(DateTime.SpecifyKind(dateTime, DateTimeKind.Utc))
            : withOffset.ToUniversalTime();
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(ItemKeys.NormalizeTimestamp(value));
}
