using System.Diagnostics;
using System.Text;
using Ingestion.Messaging.Sns;

namespace Ingestion.Api.Publishing;

/// <summary>One event ready for PublishBatch, with the context of the span that created it.</summary>
public sealed record OutgoingMessage(
    PreparedEvent Prepared,
    IReadOnlyDictionary<string, SnsMessageAttribute> Attributes,
    ActivityContext CreatedBy)
{
    public string EventId => Prepared.Event.EventId;

    /// <summary>What SNS counts against its limits: the body plus each attribute's name, type and value.</summary>
    public int Size { get; } = Prepared.MessageBytes
        + Attributes.Sum(pair => Encoding.UTF8.GetByteCount(pair.Key) + Encoding.UTF8.GetByteCount(pair.Value.DataType) + Encoding.UTF8.GetByteCount(pair.Value.Value));

    public SnsBatchEntry ToEntry(string id) => new(
        id,
        Prepared.Message,
        Attributes,
        MessageGroupId: Prepared.Event.ItemKey,
        MessageDeduplicationId: Prepared.Event.EventId);
}
