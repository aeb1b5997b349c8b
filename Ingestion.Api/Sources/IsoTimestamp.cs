using System.Globalization;
using System.Text.RegularExpressions;

namespace Ingestion.Api.Sources;

/// <summary>
/// The ISO 8601 forms we accept: a calendar date (<c>2026-11-24</c>) or a date-time with seconds
/// and an explicit offset (<c>2026-11-24T11:40:00Z</c>, <c>2026-11-24T12:40:00.5+01:00</c>).
/// A date-time without an offset is rejected: it names no instant, so items could not be ordered.
/// </summary>
public static partial class IsoTimestamp
{
    public const string Expectation =
        "must be an ISO 8601 date (2026-11-24) or date-time with offset (2026-11-24T11:40:00Z)";

    public static bool TryParse(string text, out DateTimeOffset instant)
    {
        instant = default;
        if (DatePattern().IsMatch(text))
        {
            if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return false;
            }

            instant = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return true;
        }

        return DateTimePattern().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out instant);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex DateTimePattern();
}
