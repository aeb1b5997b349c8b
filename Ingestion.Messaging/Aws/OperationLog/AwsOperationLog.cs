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
    private readonly FileStream _file;

    private AwsOperationLog(string path, string process)
    {
        Process = process;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Shared, so that checkers can read the file while the process still writes it.
        _file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
    }

    public string Process { get; }

    // When the switch file was last looked for (Environment.TickCount64; a day before boot: never), and whether it was there.
    private long _switchCheckedAt = -(long)TimeSpan.FromDays(1).TotalMilliseconds;
    private bool _switchOn;

    /// <summary>Set when DynamoDB writes are metered too (<see cref="AwsOperationLogOptions.WriteUnitsKey"/>).</summary>
    public DynamoDbWriteMeter? WriteMeter { get; set; }

    /// <summary>
    /// When set, writes are metered only while this file exists (<see cref="AwsOperationLogOptions.WriteUnitsSwitchKey"/>),
    /// looked for at most every <see cref="SwitchCheckInterval"/>: metering rewrites every write and reads back
    /// the item, which the benchmark needs in its hot-key phase only.
    /// </summary>
    public string? WriteMeterSwitch { get; set; }

    public static TimeSpan SwitchCheckInterval { get; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The meter, when writes are metered now.</summary>
    public DynamoDbWriteMeter? ActiveWriteMeter => WriteMeter is not null && (WriteMeterSwitch is null || SwitchOn()) ? WriteMeter : null;

    /// <summary>One instance per file, however many clients record into it.</summary>
    public static AwsOperationLog For(string path, string process) => Logs.GetOrAdd(path, _ => new AwsOperationLog(path, process));

    public void Record(AwsOperation operation)
    {
        // UTF-8 straight from the serializer: no string, no encoder, one write to the file per line.
        var line = JsonSerializer.SerializeToUtf8Bytes(operation);
        lock (_lock)
        {
            _file.Write(line);
            _file.WriteByte((byte)'\n');
            _file.Flush();
        }
    }

    private bool SwitchOn()
    {
        var now = Environment.TickCount64;
        if (now - Volatile.Read(ref _switchCheckedAt) >= (long)SwitchCheckInterval.TotalMilliseconds)
        {
            // Racy by design: two callers may both look; either answer is current.
            _switchOn = File.Exists(WriteMeterSwitch);
            Volatile.Write(ref _switchCheckedAt, now);
        }

        return _switchOn;
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
