namespace Ingestion.AppHost.Dashboard;

/// <summary>The dashboard's log lines, source-generated.</summary>
internal static partial class DashboardLog
{
    [LoggerMessage(200, LogLevel.Debug, "Sampling queue depths failed; trying again at the next tick")]
    public static partial void QueueSampleFailed(this ILogger logger, Exception exception);

    [LoggerMessage(201, LogLevel.Warning, "Looking up event {EventId} in the queues or the table failed")]
    public static partial void JourneyLookupFailed(this ILogger logger, Exception exception, string eventId);

    [LoggerMessage(202, LogLevel.Information, "Redrove {Moved} messages from {DeadLetterQueue} to {Queue} ({Failed} failed)")]
    public static partial void Redriven(this ILogger logger, int moved, string deadLetterQueue, string queue, int failed);
}
