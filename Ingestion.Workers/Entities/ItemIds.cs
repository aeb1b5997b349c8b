using System.Globalization;

namespace Ingestion.Workers.Entities;

/// <summary>The pinned item IDs (DESIGN.md): one event stream per item, so retries and duplicates hit the same item.</summary>
internal static class ItemIds
{
    public static string Contract(string contractId) => $"CONTRACT#{contractId}";

    public static string Milestone(string milestoneId) => $"MILESTONE#{milestoneId}";

    public static string Equipment(string equipmentId) => $"EQUIPMENT#{equipmentId}";

    public static string Reading(string location, string sensor, DateTimeOffset timestamp) =>
        $"READING#{location}#{sensor}#{NormalizeTimestamp(timestamp)}";

    /// <summary>
    /// UTC, ISO 8601, fractional seconds only when not zero (and without trailing zeros), so one
    /// instant written with different offsets or precisions maps to one ID:
    /// <c>2026-11-24T12:40:00.500+01:00</c> → <c>2026-11-24T11:40:00.5Z</c>.
    /// </summary>
    public static string NormalizeTimestamp(DateTimeOffset timestamp) =>
        // "F" digits drop trailing zeros, and the dot too when the fraction is zero.
        timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
