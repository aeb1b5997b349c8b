using System.Diagnostics;
using Ingestion.Messaging;
using Ingestion.Workers.Configuration;
using Ingestion.Workers.Messages;

namespace Ingestion.Workers.Telemetry;

/// <summary>Spans per the OpenTelemetry messaging semantic conventions (SQS: messaging.system = aws_sqs).</summary>
internal static class MessagingSpans
{
    /// <summary>
    /// One span per non-empty batch, created after the call returned (with its real start time)
    /// so that empty long polls, every 20 s, don't fill the dashboard with traces. Links to
    /// every message's producer context. Returned stopped.
    /// </summary>
    public static Activity? RecordReceive(string queueName, IReadOnlyList<InboundMessage> messages, DateTimeOffset startedAt)
    {
        var links = messages.Where(message => message.ProducerContext != default).Select(message => new ActivityLink(message.ProducerContext));
        var activity = WorkerTelemetry.ActivitySource.StartActivity(
            $"receive {queueName}", ActivityKind.Client, parentContext: default, Common(queueName, "receive", "receive"), links, startedAt);
        activity?.SetTag("messaging.batch.message_count", messages.Count);
        activity?.Stop();
        return activity;
    }

    /// <summary>
    /// The process span. <see cref="TraceParentMode.Parent"/>: child of the producer (one trace per
    /// event), linked to the batch's receive span. <see cref="TraceParentMode.Link"/>: child of the
    /// receive span, linked to the producer. Without a producer context it joins the batch's trace.
    /// </summary>
    public static Activity? StartProcess(string queueName, InboundMessage message, ActivityContext receiveContext, TraceParentMode mode)
    {
        var producer = message.ProducerContext;
        var (parent, link) = mode == TraceParentMode.Parent && producer != default
            ? (producer, receiveContext)
            : (receiveContext, producer);
        ActivityLink[] links = link == default ? [] : [new ActivityLink(link)];

        var tags = Common(queueName, "process", "process");
        tags.Add(new("messaging.message.id", message.MessageId));
        var activity = WorkerTelemetry.ActivitySource.StartActivity($"process {queueName}", ActivityKind.Consumer, parent, tags, links);
        // The producer's baggage travels on, as it would have within one process.
        foreach (var (key, value) in message.Producer.Baggage)
        {
            activity?.AddBaggage(key, value);
        }

        return activity;
    }

    /// <summary>
    /// <see cref="TraceParentMode.Batch"/>: one process span for the whole batch, a child of its
    /// receive span (whose links name every message's producer), so it needs no links of its own.
    /// </summary>
    public static Activity? StartBatchProcess(string queueName, int count, ActivityContext receiveContext)
    {
        var tags = Common(queueName, "process", "process");
        tags.Add(new("messaging.batch.message_count", count));
        return WorkerTelemetry.ActivitySource.StartActivity($"process {queueName}", ActivityKind.Consumer, receiveContext, tags);
    }

    /// <summary>Client span for an SQS call on a batch's messages (delete, release, extend), in the batch's trace.</summary>
    public static Activity? StartSettle(string queueName, string rpcMethod, string operationName, string? operationType, int count, ActivityContext receiveContext)
    {
        var tags = Common(queueName, operationType, operationName);
        tags.Add(new("messaging.batch.message_count", count));
        tags.Add(new("rpc.system", "aws-api"));
        tags.Add(new("rpc.service", "SQS"));
        tags.Add(new("rpc.method", rpcMethod));
        return WorkerTelemetry.ActivitySource.StartActivity($"{operationName} {queueName}", ActivityKind.Client, receiveContext, tags);
    }

    public static void TagEvent(this Activity? activity, IngestionEvent message)
    {
        activity?.SetTag(MessageAttributeNames.EventId, message.EventId);
        activity?.SetTag(MessageAttributeNames.Source, message.Source);
        activity?.SetTag(MessageAttributeNames.EntityName, message.EntityName);
    }

    private static List<KeyValuePair<string, object?>> Common(string queueName, string? operationType, string operationName)
    {
        List<KeyValuePair<string, object?>> tags =
        [
            new("messaging.system", "aws_sqs"),
            new("messaging.destination.name", queueName),
            new("messaging.operation.name", operationName),
        ];
        if (operationType is not null)
        {
            tags.Add(new("messaging.operation.type", operationType));
        }

        return tags;
    }
}
