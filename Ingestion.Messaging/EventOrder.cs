using System.Globalization;

namespace Ingestion.Messaging;

/// <summary>
/// The order of an item's updates, the same wherever it is compared: the producer's version
/// (0 when it sends none), then the API's sequence. Never the API's clock, never the event id,
/// so two API instances with different clocks, or two events of one request, cannot tie or swap.
/// Fixed-width digits, so DynamoDB's string comparison in a condition orders keys as numbers.
/// </summary>
public static class EventOrder
{
    public static string Key(IngestionEvent message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Key(message.Version ?? 0, message.Sequence);
    }

    public static string Key(long version, long sequence)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(version);
        ArgumentOutOfRangeException.ThrowIfNegative(sequence);
        return string.Create(CultureInfo.InvariantCulture, $"{version:D19}.{sequence:D19}");
    }
}
