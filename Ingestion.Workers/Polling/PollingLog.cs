namespace Ingestion.Workers.Polling;

/// <summary>The poller's log lines about store outages, retries and batching (event ids 60-69).</summary>
internal static partial class PollingLog
{
    [LoggerMessage(60, LogLevel.Error, "The store failed {Failures} times in a row ({Reason}): receiving stops, messages in hand go back uncharged, a probe every {ProbeInterval}")]
    public static partial void StoreCircuitOpened(this ILogger logger, int failures, TimeSpan probeInterval, string reason);

    [LoggerMessage(61, LogLevel.Information, "Probing the store with one batch, {Down} after it stopped answering")]
    public static partial void StoreProbing(this ILogger logger, TimeSpan down);

    [LoggerMessage(62, LogLevel.Warning, "The store answers again after {Down}: receiving resumes")]
    public static partial void StoreRecovered(this ILogger logger, TimeSpan down);

    [LoggerMessage(63, LogLevel.Information, "Message {MessageId} (group {MessageGroupId}) put back uncharged: the store is unavailable")]
    public static partial void MessageDeferred(this ILogger logger, string messageId, string messageGroupId);

    [LoggerMessage(64, LogLevel.Error, "Message {MessageId} (group {MessageGroupId}) failed on its last allowed receive ({ReceiveCount} of {MaxReceiveCount}): to the dead-letter queue with its last error: {Reason}")]
    public static partial void MessageExhausted(this ILogger logger, string messageId, string messageGroupId, int receiveCount, int maxReceiveCount, string reason);

    [LoggerMessage(65, LogLevel.Warning, "Message {MessageId} ({Size} bytes with its attributes) is larger than one SendMessageBatch may carry ({Limit} bytes): not copied")]
    public static partial void CopyTooLarge(this ILogger logger, string messageId, int size, int limit);

    [LoggerMessage(66, LogLevel.Warning, "Reading the RedrivePolicy of {QueueName} failed: failed messages are left for SQS to dead-letter after maxReceiveCount")]
    public static partial void RedrivePolicyUnknown(this ILogger logger, Exception exception, string queueName);
}
