using System.Globalization;

namespace Ingestion.Workers.Persistence;

/// <summary>
/// UTC with exactly seven fraction digits: fixed width, so comparing the strings (as the
/// conditional write does) orders them as the instants they stand for.
/// </summary>
internal static class SortableTimestamp
{
    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
