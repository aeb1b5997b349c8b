namespace Ingestion.Api;

internal static partial class ApiLog
{
    [LoggerMessage(1, LogLevel.Information, "Accepted {EventCount} event(s) from {Source}")]
    public static partial void EventsAccepted(ILogger logger, int eventCount, string source);

    [LoggerMessage(2, LogLevel.Information, "Rejected a request from {Source} with {StatusCode}: {Reason}")]
    public static partial void RequestRejected(ILogger logger, string source, int statusCode, string? reason);

    [LoggerMessage(3, LogLevel.Warning, "SNS did not accept {FailedCount} of {EventCount} event(s) from {Source}; answering {StatusCode}")]
    public static partial void EventsNotPublished(ILogger logger, int failedCount, int eventCount, string source, int statusCode);

    [LoggerMessage(4, LogLevel.Warning, "PublishBatch of {EntryCount} entries failed: {ErrorCode} (transient: {Transient})")]
    public static partial void PublishBatchRejected(ILogger logger, Exception exception, int entryCount, string errorCode, bool transient);

    [LoggerMessage(5, LogLevel.Error, "PublishBatch of {EntryCount} entries failed unexpectedly")]
    public static partial void PublishBatchCrashed(ILogger logger, Exception exception, int entryCount);

    [LoggerMessage(6, LogLevel.Warning, "SNS refused entry {EventId}: {ErrorCode} {ErrorMessage}")]
    public static partial void EntryRefused(ILogger logger, string eventId, string errorCode, string errorMessage);

    [LoggerMessage(9, LogLevel.Debug, "Throttled a request from {Source}: over its {Limit} limit, retry after {RetryAfterSeconds} s")]
    public static partial void RequestThrottled(ILogger logger, string source, string limit, int retryAfterSeconds);

    [LoggerMessage(7, LogLevel.Debug, "PublishBatch sent {EntryCount} entries, {FailedCount} failed")]
    public static partial void PublishBatchSent(ILogger logger, int entryCount, int failedCount);
}
