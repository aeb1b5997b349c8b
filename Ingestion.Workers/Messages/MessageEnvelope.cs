using System.Text.Json;
using Amazon.SQS.Model;

namespace Ingestion.Workers.Messages;

/// <summary>
/// Subscriptions use raw delivery (body = the event, attributes = SQS message attributes), but
/// a subscription without it wraps both in SNS's JSON notification; either must work.
/// </summary>
internal static class MessageEnvelope
{
    public static UnwrappedMessage Unwrap(Message message)
    {
        var sqsAttributes = ReadSqsAttributes(message);
        if (TryReadSnsNotification(message.Body, out var body, out var snsAttributes))
        {
            foreach (var (key, value) in sqsAttributes)
            {
                snsAttributes.TryAdd(key, value);
            }

            return new UnwrappedMessage(body, snsAttributes, FromSnsEnvelope: true);
        }

        return new UnwrappedMessage(message.Body ?? "", sqsAttributes, FromSnsEnvelope: false);
    }

    private static Dictionary<string, string> ReadSqsAttributes(Message message)
    {
        Dictionary<string, string> attributes = new(StringComparer.Ordinal);
        foreach (var (key, value) in message.MessageAttributes ?? [])
        {
            if (value.StringValue is { } text)
            {
                attributes[key] = text;
            }
        }

        return attributes;
    }

    private static bool TryReadSnsNotification(string? text, out string body, out Dictionary<string, string> attributes)
    {
        body = "";
        attributes = new(StringComparer.Ordinal);
        if (text is null || !text.AsSpan().TrimStart().StartsWith("{"))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (!root.TryGetProperty("Type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "Notification"
                || !root.TryGetProperty("Message", out var inner) || inner.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            body = inner.GetString()!;
            if (root.TryGetProperty("MessageAttributes", out var envelopeAttributes) && envelopeAttributes.ValueKind == JsonValueKind.Object)
            {
                foreach (var attribute in envelopeAttributes.EnumerateObject())
                {
                    // Binary values arrive base64-encoded and none of ours are binary: skip them.
                    if (attribute.Value.ValueKind == JsonValueKind.Object
                        && attribute.Value.TryGetProperty("Type", out var dataType) && dataType.GetString() != "Binary"
                        && attribute.Value.TryGetProperty("Value", out var value) && value.ValueKind == JsonValueKind.String)
                    {
                        attributes[attribute.Name] = value.GetString()!;
                    }
                }
            }

            return true;
        }
        catch (JsonException)
        {
            // Not an envelope; the event parser reports what is wrong with the body.
            return false;
        }
    }
}
