using System.Text.Json;

namespace Ingestion.Api.Sources;

/// <summary>
/// Reads an event's <c>body</c> for a schema, reporting each problem under the field's path.
/// It remembers which fields the schema asked for, so unknown fields are reported without
/// each schema listing its fields twice.
/// </summary>
public sealed class EntityBody(JsonElement element, string path, ValidationErrors errors)
{
    /// <summary>Identifiers form item keys and SNS message group ids (≤ 128 printable ASCII), so they are held to that.</summary>
    public const int MaxIdentifierLength = 100;

    private readonly HashSet<string> _declared = new(StringComparer.Ordinal);

    public JsonElement Element => element;

    public string? RequiredIdentifier(string name) => Identifier(name, required: true);

    public string? OptionalIdentifier(string name) => Identifier(name, required: false);

    public string? RequiredText(string name)
    {
        var text = String(name, required: true);
        if (text is not null && string.IsNullOrWhiteSpace(text))
        {
            Error(name, "must not be empty");
            return null;
        }

        return text;
    }

    public string? RequiredEnum(string name, IReadOnlyList<string> allowed)
    {
        var text = String(name, required: true);
        if (text is not null && !allowed.Contains(text, StringComparer.Ordinal))
        {
            Error(name, $"must be one of {string.Join(", ", allowed)}");
            return null;
        }

        return text;
    }

    public DateTimeOffset? RequiredTimestamp(string name)
    {
        var text = String(name, required: true);
        if (text is null)
        {
            return null;
        }

        if (!IsoTimestamp.TryParse(text, out var instant))
        {
            Error(name, IsoTimestamp.Expectation);
            return null;
        }

        return instant;
    }

    public double? RequiredNumber(string name, double minimum, double maximum)
    {
        _declared.Add(name);
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            Error(name, "is required");
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number))
        {
            Error(name, $"must be a number, not {Describe(value.ValueKind)}");
            return null;
        }

        if (number < minimum || number > maximum)
        {
            Error(name, $"must be from {minimum} to {maximum}");
            return null;
        }

        return number;
    }

    /// <summary>For rules across fields, e.g. an end before its start.</summary>
    public void Error(string name, string message) => errors.Add(FieldPath(name), message);

    public void ReportUndeclaredFields()
    {
        foreach (var property in element.EnumerateObject())
        {
            if (!_declared.Contains(property.Name))
            {
                errors.Add(FieldPath(property.Name), "is not a field of this entity");
            }
        }
    }

    private string? Identifier(string name, bool required)
    {
        var text = String(name, required);
        if (text is null)
        {
            return null;
        }

        if (text.Length is 0 or > MaxIdentifierLength || !text.All(IsVisibleAscii))
        {
            Error(name, $"must be 1 to {MaxIdentifierLength} printable ASCII characters without spaces");
            return null;
        }

        return text;
    }

    private string? String(string name, bool required)
    {
        _declared.Add(name);
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                Error(name, "is required");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Error(name, $"must be a string, not {Describe(value.ValueKind)}");
            return null;
        }

        return value.GetString();
    }

    private string FieldPath(string name) => $"{path}.{name}";

    internal static bool IsVisibleAscii(char c) => c is > ' ' and <= '~';

    internal static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "a string",
    };
}
