using System.Collections.Concurrent;
using System.Text.Json;

namespace Ingestion.Messaging.Aws.OperationLog;

/// <summary>
/// Appends operations to one file, a line each, flushed as written: a crashed process still leaves
/// what it did. The file stays open (opening it for every line cost more than the calls it records).
/// </summary>
public sealed class AwsOperationLog
{
    private static readonly ConcurrentDictionary<string, AwsOperationLog> Logs = new(StringComparer.Ordinal);

    private readonly Lock _lock = new();
    private readonly StreamWriter _writer;

    private AwsOperationLog(string path, string process)
    {
        Process = process;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Shared, so that checkers can read the file while the process still writes it.
        _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete)) { AutoFlush = true };
    }

    public string Process { get; }

    /// <summary>Set when DynamoDB writes are metered too (<see cref="AwsOperationLogOptions.WriteUnitsKey"/>).</summary>
    public DynamoDbWriteMeter? WriteMeter { get; set; }

    /// <summary>One instance per file, however many clients record into it.</summary>
    public static AwsOperationLog For(string path, string process) => Logs.GetOrAdd(path, _ => new AwsOperationLog(path, process));

    public void Record(AwsOperation operation)
    {
        var line = JsonSerializer.Serialize(operation) + "\n";
        lock (_lock)
        {
            _writer.Write(line);
        }
    }

    public static IReadOnlyList<AwsOperation> Read(string path)
    {
        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
        List<AwsOperation> operations = [];
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                operations.Add(JsonSerializer.Deserialize<AwsOperation>(line)!);
            }
        }

        return operations;
    }
}
