namespace Ingestion.Messaging;

/// <summary>
/// Where a message stands in its SQS FIFO queue: the queue's <c>SequenceNumber</c>, which grows
/// within a message group in the order the queue accepted the messages (for a queue the topic
/// feeds, the topic's order). AWS's numbers have up to 39 digits (128 bits), fauxqs's 20: written
/// with <see cref="Digits"/> digits, they compare as numbers by ordinal string comparison, in
/// code and in a DynamoDB condition alike.
/// </summary>
public static class QueuePosition
{
    public const int Digits = 40;

    /// <summary>The position as fixed-width digits; null when <paramref name="sequenceNumber"/> is absent or not a whole number of at most <see cref="Digits"/> digits.</summary>
    public static string? From(string? sequenceNumber)
    {
        if (string.IsNullOrEmpty(sequenceNumber) || sequenceNumber.Length > Digits || !sequenceNumber.All(char.IsAsciiDigit))
        {
            return null;
        }

        return sequenceNumber.PadLeft(Digits, '0');
    }

    /// <summary>Whether <paramref name="position"/> comes after <paramref name="other"/> (both from <see cref="From"/>); anything comes after no position.</summary>
    public static bool IsAfter(string position, string? other) => other is null || string.CompareOrdinal(position, other) > 0;

    /// <summary>The later of two positions, either of which may be absent.</summary>
    public static string? Later(string? position, string? other) =>
        position is null ? other : IsAfter(position, other) ? position : other;

    /// <summary>For logs: the number without its padding.</summary>
    public static string Display(string? position) =>
        position is null ? "none" : position.TrimStart('0') is { Length: > 0 } digits ? digits : "0";
}
