using System.Text.Json;
using Ingestion.Api.Sources;

namespace Ingestion.Api.Events;

/// <summary>
/// Walks a whole request before any schema reads it: every string (names included) must be valid
/// Unicode (no lone surrogate, no invalid UTF-8; System.Text.Json parses both and throws only
/// when the text is read), and every number one DynamoDB can store as written. Each problem is
/// reported under the field's path, as the schemas report theirs.
/// </summary>
public static class StorableText
{
    public static void Check(JsonElement element, string path, ValidationErrors errors)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (!TryGetName(property, out var name))
                    {
                        errors.Add(Root(path), "has a field name that is not valid Unicode (a lone surrogate or invalid UTF-8)");
                        continue;
                    }

                    Check(property.Value, path.Length == 0 ? name : $"{path}.{name}", errors);
                }

                break;

            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Check(item, $"{path}[{index++}]", errors);
                }

                break;

            case JsonValueKind.String when !IsValidUnicode(element):
                errors.Add(Root(path), "is not valid Unicode text (a lone surrogate or invalid UTF-8)");
                break;

            case JsonValueKind.Number when DynamoDbNumber.Problem(element.GetRawText()) is { } problem:
                errors.Add(Root(path), problem);
                break;
        }
    }

    private static string Root(string path) => path.Length == 0 ? "$" : path;

    private static bool IsValidUnicode(JsonElement element)
    {
        try
        {
            _ = element.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static bool TryGetName(JsonProperty property, out string name)
    {
        try
        {
            name = property.Name;
            return true;
        }
        catch (InvalidOperationException)
        {
            name = "";
            return false;
        }
    }
}
