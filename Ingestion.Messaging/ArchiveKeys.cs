using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Ingestion.Messaging;

/// <summary>
/// Where accepted events live in the replay archive: objects under their source and the hour
/// they were received, so a time range is a handful of prefixes to list. The archive worker
/// writes one object per batch of events of one source and hour (<see cref="ForBatch"/>, JSON
/// lines); older archives hold one object per event (<see cref="For"/>, one line). The API's
/// replay reads both with <see cref="ArchiveObjects"/>.
/// </summary>
public static class ArchiveKeys
{
    /// <summary>
    /// A batch's object, named after its earliest event, so keys still sort by receipt, and after a
    /// hash of its content, so two different batches never share a key (two batches that start with
    /// the same event, a redelivered one, overwrote each other when the count named them); the same
    /// content written twice lands on one key, harmlessly.
    /// </summary>
    /// <param name="events">Events of one source and hour, earliest first.</param>
    public static string ForBatch(IReadOnlyList<IngestionEvent> events)
    {
        ArgumentOutOfRangeException.ThrowIfZero(events.Count);
        var first = events[0];
        var content = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ArchiveObjects.Write(events))), 0, 16);
        return string.Create(CultureInfo.InvariantCulture,
            $"{HourPrefix(first.Source, first.ReceivedAt)}{first.ReceivedAt.UtcDateTime:yyyyMMdd'T'HHmmssfffffff}-{first.EventId}-{content}.jsonl");
    }

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
