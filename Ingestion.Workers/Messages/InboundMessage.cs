using System.Diagnostics;
using System.Globalization;
using Amazon.SQS;
using Amazon.SQS.Model;
using Ingestion.Messaging.TraceContext;

namespace Ingestion.Workers.Messages;

/// <summary>One received SQS message, unwrapped once, with what every later step needs from it.</summary>
internal sealed record InboundMessage(Message Sqs, UnwrappedMessage Content, ExtractedTraceContext Producer)
{
    /// <summary>The producer's span, or default when the message carried no valid traceparent.</summary>
    public ActivityContext ProducerContext => Producer.Parent;

    public string MessageId => Sqs.MessageId;

    /// <summary>FIFO queues always set it; on a standard queue each message is its own group.</summary>
    public string GroupId => SystemAttribute(MessageSystemAttributeName.MessageGroupId) ?? Sqs.MessageId;

    /// <summary>The FIFO queue's SequenceNumber (absent on a standard queue): the message's place in its group.</summary>
    public string? SequenceNumber => SystemAttribute(MessageSystemAttributeName.SequenceNumber);

    public int ReceiveCount =>
        int.TryParse(SystemAttribute(MessageSystemAttributeName.ApproximateReceiveCount), CultureInfo.InvariantCulture, out var count) ? count : 0;

    public static InboundMessage From(Message message)
    {
        var content = MessageEnvelope.Unwrap(message);
        return new InboundMessage(message, content, MessageTraceContext.Extract(content.Attributes));
    }

    private string? SystemAttribute(string name) => Sqs.Attributes?.GetValueOrDefault(name);
}
