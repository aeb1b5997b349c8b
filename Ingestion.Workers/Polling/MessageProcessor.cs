using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Ingestion.Messaging;
using Ingestion.Workers.Configuration;
using Ingestion.Workers.Handling;
using Ingestion.Workers.Messages;
using Ingestion.Workers.Telemetry;
using Microsoft.Extensions.Options;

namespace Ingestion.Workers.Polling;

/// <summary>One message: its process span and log scope, reading the event, dispatching it, recording the outcome.</summary>
internal sealed class MessageProcessor(
    EntityDispatcher dispatcher,
    WorkerMetrics metrics,
    IOptions<WorkerOptions> options,
    TimeProvider timeProvider,
    ILogger<MessageProcessor> logger) : IMessageProcessor
{
    private readonly string _queueName = options.Value.QueueName;
    private readonly TraceParentMode _tracing = options.Value.Tracing;

    public async Task<MessageOutcome> ProcessAsync(InboundMessage message, ActivityContext receiveContext, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        // In batch mode the batch's process span is current here, and the message gets none of its own.
        using var activity = _tracing == TraceParentMode.Batch ? null : MessagingSpans.StartProcess(_queueName, message, receiveContext, _tracing);
        using var messageScope = logger.BeginScope(new Dictionary<string, object>
        {
            ["messaging.message.id"] = message.MessageId,
            ["message_group_id"] = message.GroupId,
            ["receive_count"] = message.ReceiveCount,
        });

        IngestionEvent? ingestionEvent = null;
        try
        {
            if (!TryRead(message, out ingestionEvent, out var unreadable))
            {
                return Fail(message, null, "unreadable_event", unreadable, activity, started, permanent: true);
            }

            // A replayed or redriven copy says so in an attribute: it is ordered by its original stamp alone. A copy
            // put back behind a failure says where its original stood in the group: it is ordered from there.
            ingestionEvent = ingestionEvent with
            {
                Resent = message.Content.Attributes.GetValueOrDefault(MessageAttributeNames.Resent),
                QueuePosition = QueuePosition.From(message.SequenceNumber),
                HeldPosition = QueuePosition.From(message.Content.Attributes.GetValueOrDefault(MessageAttributeNames.HeldSequence)),
            };
            activity.TagEvent(ingestionEvent);
            using var eventScope = logger.BeginScope(new Dictionary<string, object>
            {
                [MessageAttributeNames.EventId] = ingestionEvent.EventId,
                [MessageAttributeNames.Source] = ingestionEvent.Source,
                [MessageAttributeNames.EntityName] = ingestionEvent.EntityName,
            });

            var result = await dispatcher.DispatchAsync(ingestionEvent, cancellationToken);
            if (!result.Succeeded)
            {
                return Fail(message, ingestionEvent, result.ErrorType ?? "handler_failed", result.Reason ?? "the handler reported failure", activity, started, result.IsPermanent);
            }

            metrics.RecordProcessed(_queueName, ingestionEvent.EntityName, timeProvider.GetElapsedTime(started));
            logger.MessageProcessed(message.MessageId);
            return MessageOutcome.Succeeded(message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            activity.RecordFailure("cancelled", "cancelled at shutdown");
            logger.MessageInterrupted(message.MessageId, message.GroupId);
            return new MessageOutcome(message, MessageDisposition.Interrupted, "cancelled at shutdown");
        }
        catch (Amazon.Runtime.AmazonServiceException exception) when (IsRefusedValue(exception))
        {
            // DynamoDB refused what the event holds: every retry would be refused the same way.
            var reason = $"DynamoDB refused the event ({exception.ErrorCode}): {exception.Message}";
            return Fail(message, ingestionEvent, "value_refused", reason, activity, started, permanent: true);
        }
        catch (Exception exception)
        {
            var reason = $"handler threw {exception.GetType().Name}: {exception.Message}";
            activity.RecordFailure(exception.GetType().FullName ?? "exception", reason, exception);
            metrics.RecordFailed(_queueName, ingestionEvent?.EntityName, "handler_threw", timeProvider.GetElapsedTime(started));
            logger.MessageThrew(exception, message.MessageId, message.GroupId, message.ReceiveCount, reason);
            // The store's outage rather than the message's fault: the batch decides whether to charge it.
            return TransientFailures.IsStoreUnavailable(exception) ? MessageOutcome.Unavailable(message, reason) : MessageOutcome.Failed(message, reason);
        }
    }

    private static bool TryRead(InboundMessage message, [NotNullWhen(true)] out IngestionEvent? ingestionEvent, out string reason)
    {
        reason = "";
        try
        {
            ingestionEvent = JsonSerializer.Deserialize<IngestionEvent>(message.Content.Body, WorkerJson.Options);
        }
        catch (JsonException exception)
        {
            ingestionEvent = null;
            reason = $"body is not an ingestion event: {exception.Message}";
            return false;
        }

        if (ingestionEvent is null || ingestionEvent.Body.ValueKind != JsonValueKind.Object)
        {
            reason = "body is not an ingestion event: its body must be a JSON object";
            return false;
        }

        return true;
    }

    private static bool IsRefusedValue(Amazon.Runtime.AmazonServiceException exception) =>
        exception.ErrorCode == "ValidationException" && exception.StatusCode == System.Net.HttpStatusCode.BadRequest;

    private MessageOutcome Fail(
        InboundMessage message, IngestionEvent? ingestionEvent, string errorType, string reason, Activity? activity, long started, bool permanent = false)
    {
        activity.RecordFailure(errorType, reason);
        metrics.RecordFailed(_queueName, ingestionEvent?.EntityName, errorType, timeProvider.GetElapsedTime(started));
        if (permanent)
        {
            logger.MessageRejected(message.MessageId, message.GroupId, reason);
            return MessageOutcome.Rejected(message, reason);
        }

        logger.MessageFailed(message.MessageId, message.GroupId, message.ReceiveCount, reason);
        return MessageOutcome.Failed(message, reason);
    }
}
