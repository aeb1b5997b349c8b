using System.Text;
using Amazon.SQS.Model;

namespace Ingestion.Workers.Polling;

/// <summary>
/// Splits copies for SendMessageBatch within both of its limits: 10 entries, and 256 KiB for the
/// whole batch (each message's body plus its attributes' names, types and values, as SQS counts them).
/// An entry that alone is over the size limit goes in no batch: the caller reports it as not copied.
/// </summary>
internal static class CopyBatches
{
    public const int MaxEntries = 10;

    /// <summary>SendMessageBatch's limit on the sum of its messages (SQS's default maximum message size; SNS delivers no more).</summary>
    public const int MaxBatchBytes = 256 * 1024;

    public static (List<List<T>> Batches, List<T> TooLarge) Split<T>(IEnumerable<T> entries, Func<T, int> sizeOf, int maxBytes = MaxBatchBytes)
    {
        List<List<T>> batches = [];
        List<T> tooLarge = [];
        List<T> current = [];
        var currentBytes = 0;
        foreach (var entry in entries)
        {
            var size = sizeOf(entry);
            if (size > maxBytes)
            {
                tooLarge.Add(entry);
                continue;
            }

            if (current.Count == MaxEntries || currentBytes + size > maxBytes)
            {
                batches.Add(current);
                current = [];
                currentBytes = 0;
            }

            current.Add(entry);
            currentBytes += size;
        }

        if (current.Count > 0)
        {
            batches.Add(current);
        }

        return (batches, tooLarge);
    }

    /// <summary>The size SQS charges a message against the limit.</summary>
    public static int SizeOf(string body, IReadOnlyDictionary<string, MessageAttributeValue>? attributes) =>
        Encoding.UTF8.GetByteCount(body) + (attributes ?? new Dictionary<string, MessageAttributeValue>()).Sum(pair =>
            Encoding.UTF8.GetByteCount(pair.Key)
            + Encoding.UTF8.GetByteCount(pair.Value.DataType ?? "")
            + (pair.Value.StringValue is { } text ? Encoding.UTF8.GetByteCount(text) : 0)
            + (int)(pair.Value.BinaryValue?.Length ?? 0));
}
