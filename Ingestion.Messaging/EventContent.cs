using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Ingestion.Messaging;

/// <summary>
/// What an event says, reduced to a hash: its entity, version and body, with the body's object
/// fields sorted and whitespace dropped, so the same event sent twice hashes the same however it
/// was formatted. It tells a resend (same hash) from a reused event_id (another hash).
/// </summary>
public static class EventContent
{
    public static string Hash(IngestionEvent message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Hash(message.EntityName, message.Version, message.Body);
    }

    public static string Hash(string entityName, long? version, JsonElement body)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            writer.WriteStringValue(entityName);
            if (version is { } value)
            {
                writer.WriteNumberValue(value);
            }
            else
            {
                writer.WriteNullValue();
            }

            WriteCanonical(writer, body);
            writer.WriteEndArray();
        }

        return Base64Url(SHA256.HashData(buffer.ToArray()));
    }

    /// <summary>
    /// The SNS deduplication id: the event id together with what it says, so SNS drops a resend
    /// but lets through a reused event_id with another body, which the worker then dead-letters
    /// with its reason instead of SNS discarding it silently. 43 characters, within SNS's 128.
    /// </summary>
    public static string DeduplicationId(string eventId, string contentHash) =>
        Base64Url(SHA256.HashData(Encoding.UTF8.GetBytes(eventId + "\n" + contentHash)));

    public static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static void WriteCanonical(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    WriteCanonical(writer, property.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    WriteCanonical(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }
}
