namespace Ingestion.AppHost.Telemetry;

/// <summary>The OTLP receiver's log lines, source-generated.</summary>
internal static partial class TelemetryLog
{
    [LoggerMessage(100, LogLevel.Warning, "Could not persist telemetry to {Directory}; it stays in memory only")]
    public static partial void PersistFailed(this ILogger logger, Exception exception, string directory);

    [LoggerMessage(101, LogLevel.Warning, "Skipped an unreadable persisted telemetry payload in {Directory}")]
    public static partial void PersistedPayloadUnreadable(this ILogger logger, Exception exception, string directory);

    [LoggerMessage(102, LogLevel.Information, "Replayed {Count} persisted telemetry payloads from {Directory}")]
    public static partial void Replayed(this ILogger logger, int count, string directory);

    [LoggerMessage(103, LogLevel.Warning, "Rejected an OTLP/HTTP export: {Reason}")]
    public static partial void HttpExportRejected(this ILogger logger, string reason);
}
