using Microsoft.Extensions.Configuration;

namespace Ingestion.Messaging.Aws.OperationLog;

/// <summary>
/// Configuration of the operation log, off unless <c>AWS:OperationLog:Directory</c> is set: then
/// every AWS call of this process is appended to <c>&lt;Directory&gt;/&lt;Process&gt;.jsonl</c>, one
/// <see cref="AwsOperation"/> per line, for the least-privilege check against the template's roles.
/// <c>AWS:OperationLog:Process</c> names the process (default: OTEL_SERVICE_NAME, which the AppHost
/// sets to the resource name, e.g. <c>worker-noise-statistics</c>).
/// </summary>
public static class AwsOperationLogOptions
{
    public const string DirectoryKey = "AWS:OperationLog:Directory";
    public const string ProcessKey = "AWS:OperationLog:Process";

    /// <summary>
    /// "true": each DynamoDB write also records the write units each partition key received
    /// (<see cref="DynamoDbWriteMeter"/>). It changes the signed request, so emulators only: the benchmark sets it.
    /// </summary>
    public const string WriteUnitsKey = "AWS:OperationLog:WriteUnits";

    /// <summary>
    /// A file path: with <see cref="WriteUnitsKey"/>, writes are metered only while the file exists (the
    /// benchmark creates it for its hot-key phase, so its load levels run without the meter's extra work).
    /// </summary>
    public const string WriteUnitsSwitchKey = "AWS:OperationLog:WriteUnitsSwitch";

    /// <summary>The table's indexes and their partition key attributes, <c>IndexName=ATTRIBUTE,…</c>, for <see cref="WriteUnitsKey"/>.</summary>
    public const string IndexKeysKey = "AWS:OperationLog:IndexKeys";

    /// <summary>The log of this process, or null when recording is off.</summary>
    public static AwsOperationLog? From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration[DirectoryKey] is not { Length: > 0 } directory)
        {
            return null;
        }

        var process = configuration[ProcessKey] is { Length: > 0 } named
            ? named
            : configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } service ? service : $"process-{Environment.ProcessId}";
        var log = AwsOperationLog.For(Path.Combine(directory, process + ".jsonl"), process);
        if (string.Equals(configuration[WriteUnitsKey], "true", StringComparison.OrdinalIgnoreCase))
        {
            log.WriteMeter ??= DynamoDbWriteMeter.Parse(configuration[IndexKeysKey]);
            log.WriteMeterSwitch ??= configuration[WriteUnitsSwitchKey] is { Length: > 0 } switchFile ? switchFile : null;
        }

        return log;
    }
}
