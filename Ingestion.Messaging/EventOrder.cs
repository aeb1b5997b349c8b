using System.Globalization;

namespace Ingestion.Messaging;

/// <summary>
/// The order of an item's updates (the README's ordering rule): the producer's version (0 when it
/// sends none), then the API instance's clock stamp. Fixed-width digits, so DynamoDB's string
/// comparison in a condition orders keys as numbers.
/// </summary>
public static class EventOrder
{
    private const int Digits = 19;

    public static string Key(IngestionEvent message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Key(message.Version ?? 0, message.Sequence);
    }

    public static string Key(long version, long stamp)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(version);
        ArgumentOutOfRangeException.ThrowIfNegative(stamp);
        return string.Create(CultureInfo.InvariantCulture, $"{version:D19}.{stamp:D19}");
    }

    /// <summary>
    /// The order a first delivery is stored under. SNS FIFO delivers an item's first deliveries in
    /// the order it accepted them, whichever API instance stamped them, so a later delivery must
    /// win even when its instance's clock is behind: it takes its own stamp or the stored one plus
    /// one, whichever is higher. Only a lower producer version loses.
    /// </summary>
    /// <returns>Null when the producer's version says the event is older than the stored one.</returns>
    public static string? ForFirstDelivery(string eventKey, string? storedKey)
    {
        if (storedKey is null || !TryParse(storedKey, out var storedVersion, out var storedStamp))
        {
            return eventKey;
        }

        var (version, stamp) = Parse(eventKey);
        if (version != storedVersion)
        {
            return version > storedVersion ? eventKey : null;
        }

        return Key(version, Math.Max(stamp, storedStamp + 1));
    }

    /// <summary>
    /// The highest order below <paramref name="eventKey"/>: an item raised to it (after the event
    /// was dead-lettered) still takes a redrive of that event, but never over an update applied since.
    /// </summary>
    public static string? Predecessor(string eventKey)
    {
        var (version, stamp) = Parse(eventKey);
        return stamp == 0 ? null : Key(version, stamp - 1);
    }

    /// <summary>The version part as written in a key, to condition on "same version".</summary>
    public static string VersionPrefix(string key) => key[..(Digits + 1)];

    public static (long Version, long Stamp) Parse(string key) =>
        TryParse(key, out var version, out var stamp) ? (version, stamp) : throw new FormatException($"'{key}' is not an order key.");

    public static bool TryParse(string key, out long version, out long stamp)
    {
        version = stamp = 0;
        return key.Length == (2 * Digits) + 1 && key[Digits] == '.'
            && long.TryParse(key.AsSpan(0, Digits), NumberStyles.None, CultureInfo.InvariantCulture, out version)
            && long.TryParse(key.AsSpan(Digits + 1), NumberStyles.None, CultureInfo.InvariantCulture, out stamp);
    }
}
