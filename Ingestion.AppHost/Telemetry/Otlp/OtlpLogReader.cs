using System.Text.RegularExpressions;
using Ingestion.AppHost.Telemetry.Model;
using Ingestion.AppHost.Telemetry.Otlp.Collector.Logs;
using Ingestion.AppHost.Telemetry.Otlp.Logs;

namespace Ingestion.AppHost.Telemetry.Otlp;

/// <summary>Turns an OTLP logs export into the store's log entries (sequence numbers come from the store).</summary>
internal static partial class OtlpLogReader
{
    public static List<LogEntry> Read(ExportLogsServiceRequest request, int maxValueLength)
    {
        var entries = new List<LogEntry>();
        foreach (var resourceLogs in request.ResourceLogs)
        {
            var resource = OtlpValues.ResourceName(resourceLogs.Resource);
            foreach (var scopeLogs in resourceLogs.ScopeLogs)
            {
                var scope = OtlpValues.ScopeName(scopeLogs.Scope);
                foreach (var record in scopeLogs.LogRecords)
                {
                    var attributes = OtlpValues.Attributes(record.Attributes, maxValueLength);
                    var time = record.TimeUnixNano != 0 ? record.TimeUnixNano : record.ObservedTimeUnixNano;
                    entries.Add(new LogEntry(
                        0,
                        time != 0 ? OtlpValues.Time(time) : DateTimeOffset.UtcNow,
                        resource,
                        scope,
                        Severity(record),
                        OtlpValues.Cut(Message(record, attributes), maxValueLength),
                        OtlpValues.Hex(record.TraceId),
                        OtlpValues.Hex(record.SpanId),
                        attributes));
                }
            }
        }

        return entries;
    }

    private static LogSeverity Severity(LogRecord record)
    {
        var number = (int)record.SeverityNumber;
        return number switch
        {
            >= 21 => LogSeverity.Critical,
            >= 17 => LogSeverity.Error,
            >= 13 => LogSeverity.Warning,
            >= 9 => LogSeverity.Information,
            >= 5 => LogSeverity.Debug,
            >= 1 => LogSeverity.Trace,
            _ => Enum.TryParse<LogSeverity>(record.SeverityText, ignoreCase: true, out var parsed) ? parsed : LogSeverity.Unspecified,
        };
    }

    // Exporters that send the template rather than the formatted message still read well:
    // "{ItemId} stored" becomes "CONTRACT#c-1 stored" when the attribute is there.
    private static string Message(LogRecord record, Dictionary<string, string> attributes)
    {
        var body = OtlpValues.Text(record.Body);
        if (body.Length == 0 && !string.IsNullOrEmpty(record.EventName))
        {
            return record.EventName;
        }

        return body.Contains('{', StringComparison.Ordinal)
            ? Placeholder().Replace(body, match => attributes.TryGetValue(match.Groups["name"].Value, out var value) ? value : match.Value)
            : body;
    }

    [GeneratedRegex(@"\{(?<name>[A-Za-z_][A-Za-z0-9_.]*)(:[^}]*)?\}")]
    private static partial Regex Placeholder();
}
