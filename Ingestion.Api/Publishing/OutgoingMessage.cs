using System.Diagnostics;
using System.Text;
using Ingestion.Messaging.Sns;

namespace Ingestion.Api.Publishing;

/// <summary>
/// One event ready to go out, to the topic or (a replay aimed at one processor) straight to a
/// queue: body, attributes, message group and deduplication id, and the span that created it.
/// Made only by <see cref="EventMessages"/>, so publishing and replaying send the same thing.
/// </summary>
public sealed record OutgoingMessage(
    string EventId,
    string Body,
    string GroupId,
    string DeduplicationId,
    IReadOnlyDictionary<string, SnsMessageAttribute> Attributes,
    ActivityContext CreatedBy)
{
    /// <summary>What SNS counts against its limits: the body plus each attribute's name, type and value.</summary>
    public int Size { get; } = Encoding.UTF8.GetByteCount(Body)
        + Attributes.Sum(pair => Encoding.UTF8.GetByteCount(pair.Key) + Encoding.UTF8.GetByteCount(pair.Value.DataType) + Encoding.UTF8.GetByteCount(pair.Value.Value));

    public SnsBatchEntry ToEntry(string id) => new(id, Body, Attributes, MessageGroupId: GroupId, MessageDeduplicationId: DeduplicationId);
}
