using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;

namespace Ingestion.Messaging.Aws.OperationLog;

/// <summary>
/// Appends operations to one file, a line each. Lines are buffered and reach the file within
/// <see cref="FlushInterval"/> (and when the process exits, or <see cref="Read"/> asks in this
/// process): a flush per line was a write system call per AWS call, under a lock every request
/// of the process waited on, and the benchmark measured it as the services' own CPU. A crashed
/// process loses at most that interval's lines. The file stays open (opening it for every line
/// cost more than the calls it records).
/// </summary>
public sealed class AwsOperationLog
{
    private static readonly ConcurrentDictionary<string, AwsOperationLog> Logs = new(StringComparer.Ordinal);

    private const int BufferBytes = 64 * 1024;

    private readonly Lock _lock = new();
    private readonly FileStream _file;
    private readonly Timer _flushTimer;

    // Whole lines only: the file never holds half a line for a reader to trip on.
    private readonly byte[] _buffer = new byte[BufferBytes];
    private int _buffered;

    private AwsOperationLog(string path, string process)
    {
        Process = process;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Shared, so that checkers can read the file while the process still writes it.
        // Unbuffered: this class buffers whole lines itself.
        _file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        _flushTimer = new Timer(_ => Flush(), null, FlushInterval, FlushInterval);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Flush();
    }

    /// <summary>The longest a recorded line waits in memory before it is in the file.</summary>
    public static TimeSpan FlushInterval { get; } = TimeSpan.FromMilliseconds(100);

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
        // UTF-8 straight from the serializer, newline included.
        var line = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(line))
        {
            JsonSerializer.Serialize(writer, operation);
        }

        line.Write("\n"u8);
        var bytes = line.WrittenSpan;
        lock (_lock)
        {
            if (_buffered + bytes.Length > _buffer.Length)
            {
                WriteBuffered();
            }

            if (bytes.Length > _buffer.Length)
            {
                _file.Write(bytes);
                return;
            }

            bytes.CopyTo(_buffer.AsSpan(_buffered));
            _buffered += bytes.Length;
        }
    }

    /// <summary>Puts every line recorded so far into the file.</summary>
    public void Flush()
    {
        lock (_lock)
        {
            WriteBuffered();
        }
    }

    private void WriteBuffered()
    {
        if (_buffered > 0)
        {
            _file.Write(_buffer, 0, _buffered);
            _buffered = 0;
        }
    }

    private bool SwitchOn()
    {
        var now = Environment.TickCount64;
        var checkedAt = Volatile.Read(ref _switchCheckedAt);
        // One caller looks (whoever moves the timestamp); the others take the last answer, which is current enough.
        if (now - checkedAt >= (long)SwitchCheckInterval.TotalMilliseconds && Interlocked.CompareExchange(ref _switchCheckedAt, now, checkedAt) == checkedAt)
        {
            Volatile.Write(ref _switchOn, File.Exists(WriteMeterSwitch));
        }

        return Volatile.Read(ref _switchOn);
    }

    /// <summary>The operations in a log file; a log of this process is flushed first.</summary>
    public static IReadOnlyList<AwsOperation> Read(string path)
    {
        if (Logs.TryGetValue(path, out var own))
        {
            own.Flush();
        }

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
