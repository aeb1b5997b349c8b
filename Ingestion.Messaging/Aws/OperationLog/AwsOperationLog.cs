using System.Collections.Concurrent;
using System.Text.Json;

namespace Ingestion.Messaging.Aws.OperationLog;

/// <summary>Appends operations to one file, a line each, flushed as written: a crashed process still leaves what it did.</summary>
public sealed class AwsOperationLog
{
    private static readonly ConcurrentDictionary<string, AwsOperationLog> Logs = new(StringComparer.Ordinal);

    private readonly Lock _lock = new();
    private readonly string _path;

    private AwsOperationLog(string path, string process)
    {
        _path = path;
        Process = process;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
    }

    public string Process { get; }

    /// <summary>One instance per file, however many clients record into it.</summary>
    public static AwsOperationLog For(string path, string process) => Logs.GetOrAdd(path, _ => new AwsOperationLog(path, process));

    public void Record(AwsOperation operation)
    {
        var line = JsonSerializer.Serialize(operation) + "\n";
        lock (_lock)
        {
            File.AppendAllText(_path, line);
        }
    }

    public static IReadOnlyList<AwsOperation> Read(string path) =>
        [.. File.ReadLines(path).Where(line => line.Length > 0).Select(line => JsonSerializer.Deserialize<AwsOperation>(line)!)];
}
