namespace Ingestion.AppHost.Model;

/// <summary>One line a child process wrote, kept for the console-logs page.</summary>
public sealed record ConsoleLogLine(long Sequence, string Resource, DateTimeOffset Timestamp, string Text, bool IsError);
