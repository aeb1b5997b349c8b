namespace Ingestion.Workers;

/// <summary>Every log line the worker writes, source-generated (no boxing, no parsing of templates at run time).</summary>
internal static partial class WorkerLog
{
    [LoggerMessage(1, LogLevel.Information, "Worker {WorkerName} polling {QueueUrl}")]
    public static partial void PollerStarted(this ILogger logger, string workerName, string queueUrl);

    [LoggerMessage(2, LogLevel.Information, "Worker {WorkerName} stopped polling")]
    public static partial void PollerStopped(this ILogger logger, string workerName);

    [LoggerMessage(3, LogLevel.Warning, "Receiving from {QueueName} failed ({ConsecutiveFailures} in a row); retrying in {RetryDelay}")]
    public static partial void ReceiveFailed(this ILogger logger, Exception exception, string queueName, int consecutiveFailures, TimeSpan retryDelay);

    [LoggerMessage(4, LogLevel.Error, "Processing a batch from {QueueName} failed unexpectedly; its messages reappear when their visibility runs out")]
    public static partial void BatchFailed(this ILogger logger, Exception exception, string queueName);

    [LoggerMessage(10, LogLevel.Warning, "Message {MessageId} (group {MessageGroupId}) failed on receive {ReceiveCount}, left for redelivery: {Reason}")]
    public static partial void MessageFailed(this ILogger logger, string messageId, string messageGroupId, int receiveCount, string reason);

    [LoggerMessage(11, LogLevel.Warning, "Message {MessageId} (group {MessageGroupId}) failed on receive {ReceiveCount}, left for redelivery: {Reason}")]
    public static partial void MessageThrew(this ILogger logger, Exception exception, string messageId, string messageGroupId, int receiveCount, string reason);

    [LoggerMessage(16, LogLevel.Error, "Message {MessageId} (group {MessageGroupId}) failed for good and goes to the dead-letter queue now, no retries: {Reason}")]
    public static partial void MessageRejected(this ILogger logger, string messageId, string messageGroupId, string reason);

    [LoggerMessage(17, LogLevel.Error, "Message {MessageId} could not be moved to the dead-letter queue ({Code} {Reason}); left for redelivery")]
    public static partial void DeadLetterFailed(this ILogger logger, string messageId, string code, string reason);

    [LoggerMessage(12, LogLevel.Debug, "Message {MessageId} processed")]
    public static partial void MessageProcessed(this ILogger logger, string messageId);

    [LoggerMessage(13, LogLevel.Information, "Message {MessageId} (group {MessageGroupId}) not processed: earlier message {FailedMessageId} of its group failed; put back as a fresh copy, not charged a receive")]
    public static partial void MessageHeldBack(this ILogger logger, string messageId, string messageGroupId, string failedMessageId);

    [LoggerMessage(14, LogLevel.Information, "Message {MessageId} (group {MessageGroupId}) released unprocessed: the worker is stopping")]
    public static partial void MessageReleasedOnShutdown(this ILogger logger, string messageId, string messageGroupId);

    [LoggerMessage(15, LogLevel.Warning, "Message {MessageId} (group {MessageGroupId}) cancelled after the shutdown grace period; released for redelivery")]
    public static partial void MessageInterrupted(this ILogger logger, string messageId, string messageGroupId);

    [LoggerMessage(20, LogLevel.Debug, "Item {ItemId} stored from event {EventId}")]
    public static partial void ItemStored(this ILogger logger, string itemId, string eventId);

    [LoggerMessage(21, LogLevel.Debug, "Item {ItemId} not changed: event {EventId} was stored before ({Existing})")]
    public static partial void ItemAlreadyCurrent(this ILogger logger, string itemId, string eventId, string existing);

    [LoggerMessage(22, LogLevel.Information, "Item {ItemId} not changed: event {EventId} (order {EventOrder}) is older than the stored event {StoredEventId} (order {StoredOrder})")]
    public static partial void UpdateOlder(this ILogger logger, string itemId, string eventId, string eventOrder, string? storedEventId, string? storedOrder);

    [LoggerMessage(24, LogLevel.Information, "Item {ItemId} not changed: event {EventId}, put back behind a failure, stood at {HeldPosition} in its queue's order, not after the stored event {StoredEventId} (at {StoredPosition})")]
    public static partial void HeldCopyOlder(this ILogger logger, string itemId, string eventId, string heldPosition, string? storedEventId, string storedPosition);

    [LoggerMessage(23, LogLevel.Warning, "Item {ItemId} not changed: event {EventId} conflicts with what was stored before: {Reason}")]
    public static partial void EventConflicts(this ILogger logger, string itemId, string eventId, string reason);

    [LoggerMessage(30, LogLevel.Warning, "{Operation} failed for message {MessageId}: {Code} {Reason}")]
    public static partial void SettleEntryFailed(this ILogger logger, string operation, string messageId, string code, string reason);

    [LoggerMessage(31, LogLevel.Warning, "{Operation} on {QueueName} failed for {Count} messages; SQS redelivers them when their visibility runs out")]
    public static partial void SettleCallFailed(this ILogger logger, Exception exception, string operation, string queueName, int count);

    [LoggerMessage(32, LogLevel.Debug, "Extended visibility of {Count} in-flight messages by {VisibilityTimeout}")]
    public static partial void VisibilityExtended(this ILogger logger, int count, TimeSpan visibilityTimeout);
}
