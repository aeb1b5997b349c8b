using System.Globalization;

namespace Ingestion.Messaging;

/// <summary>
/// Where an accepted event lives in the replay archive: one object per event under its source
/// and the hour it was received, so a time range is a handful of prefixes to list.
/// The archive worker writes with it; the API's replay reads with it.
/// </summary>
public static class ArchiveKeys
{
    public static string For(IngestionEvent message) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{HourPrefix(message.Source, message.ReceivedAt)}{message.ReceivedAt.UtcDateTime:yyyyMMdd'T'HHmmssfffffff}-{message.EventId}.json");

    public static string HourPrefix(string source, DateTimeOffset instant) =>
        string.Create(CultureInfo.InvariantCulture, $"events/{source}/{instant.UtcDateTime:yyyy/MM/dd/HH}/");

    /// <summary>The hour prefixes that cover [from, to).</summary>
    public static IEnumerable<string> HourPrefixes(string source, DateTimeOffset from, DateTimeOffset to)
    {
        var hour = new DateTimeOffset(from.UtcDateTime.Year, from.UtcDateTime.Month, from.UtcDateTime.Day, from.UtcDateTime.Hour, 0, 0, TimeSpan.Zero);
        for (; hour < to; hour = hour.AddHours(1))
        {
            yield return HourPrefix(source, hour);
        }
    }
}
