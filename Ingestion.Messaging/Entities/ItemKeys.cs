using System.Globalization;

namespace Ingestion.Messaging.Entities;

/// <summary>
/// The pinned item IDs (the README's table, docs/internals.md) and the message groups, written once for the API (which
/// groups messages by them) and the workers (which store under them): one event stream per
/// item, so retries and duplicates hit the same item.
/// </summary>
public static class ItemKeys
{
    public const string Separator = "#";

    public static string Contract(string contractId) => Key(EntityNames.Contract, contractId);

    public static string Milestone(string milestoneId) => Key(EntityNames.Milestone, milestoneId);

    public static string Equipment(string equipmentId) => Key(EntityNames.Equipment, equipmentId);

    public static string Reading(string location, string sensor, DateTimeOffset timestamp) =>
        Key(EntityNames.Reading, location, sensor, NormalizeTimestamp(timestamp));

    /// <summary>The alert of a reading: the reading's ID with ALERT instead of READING.</summary>
    public static string Alert(string location, string sensor, DateTimeOffset timestamp) =>
        Key(EntityNames.Alert, location, sensor, NormalizeTimestamp(timestamp));

    /// <summary>A sensor's readings form one message group: in order per sensor, sensors in parallel.</summary>
    public static string SensorGroup(string location, string sensor) => Key("SENSOR", location, sensor);

    public static string NoiseStatistics(string location, DateTimeOffset windowStart) =>
        Key("STATS", location, WholeSeconds(windowStart));

    public static string NoiseEpisode(string location, DateTimeOffset start) =>
        Key(EntityNames.NoiseEpisode, location, WholeSeconds(start));

    /// <summary>
    /// The record that an event was applied to an item (see the README's ordering rule): a resend
    /// of the event, stamped later by the API, finds it and changes nothing.
    /// </summary>
    public static string Applied(string itemId, string eventId) => Key("APPLIED", itemId, eventId);

    /// <summary>The API's counter of a source's events, the monotonic part of every event's order.</summary>
    public static string Sequence(string source) => Key("SEQUENCE", source);

    /// <summary>
    /// UTC, ISO 8601, fractional seconds only when not zero (and without trailing zeros), so one
    /// instant written with different offsets or precisions maps to one ID:
    /// <c>2026-11-24T12:40:00.500+01:00</c> → <c>2026-11-24T11:40:00.5Z</c>.
    /// </summary>
    public static string NormalizeTimestamp(DateTimeOffset timestamp) =>
        // "F" digits drop trailing zeros, and the dot too when the fraction is zero.
        timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    public static string WholeSeconds(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Key(params string[] parts) => string.Join(Separator, parts);
}
