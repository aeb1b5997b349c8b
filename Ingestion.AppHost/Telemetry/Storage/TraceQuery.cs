using Ingestion.AppHost.Telemetry.Model;

namespace Ingestion.AppHost.Telemetry.Storage;

/// <summary>
/// Filters of the traces list. A trace matches when some span is from <paramref name="Resource"/>,
/// some span's name contains <paramref name="Name"/>, and some span carries the attribute
/// (<c>key=value</c> exact, or just <c>key</c> present).
/// </summary>
public sealed record TraceQuery(string? Resource = null, string? Name = null, string? Attribute = null, bool ErrorsOnly = false, int Limit = 200)
{
    internal bool Matches(TraceRecord trace)
    {
        var spans = trace.Spans;
        if (spans.Count == 0)
        {
            return false;
        }

        if (!string.IsNullOrEmpty(Resource) && !spans.Any(span => string.Equals(span.Resource, Resource, StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        if (!string.IsNullOrEmpty(Name) && !spans.Any(span => span.Name.Contains(Name, StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        if (ErrorsOnly && !spans.Any(span => span.Status == SpanStatus.Error))
        {
            return false;
        }

        return string.IsNullOrEmpty(Attribute) || spans.Any(AttributeFilter.Parse(Attribute).Matches);
    }
}

/// <summary><c>key=value</c> (exact value) or <c>key</c> (present), for spans and logs alike.</summary>
public sealed record AttributeFilter(string Key, string? Value)
{
    public static AttributeFilter Parse(string text)
    {
        var separator = text.IndexOf('=', StringComparison.Ordinal);
        return separator < 0
            ? new AttributeFilter(text.Trim(), null)
            : new AttributeFilter(text[..separator].Trim(), text[(separator + 1)..].Trim());
    }

    public bool Matches(SpanData span) => Matches(span.Attributes);

    public bool Matches(IReadOnlyDictionary<string, string> attributes) =>
        attributes.TryGetValue(Key, out var value) && (Value is null || string.Equals(value, Value, StringComparison.Ordinal));
}

/// <summary>One row of the traces list.</summary>
public sealed record TraceSummary(
    string TraceId,
    string Name,
    string RootResource,
    DateTimeOffset Start,
    double DurationMs,
    int SpanCount,
    int ErrorCount,
    IReadOnlyList<string> Resources);
