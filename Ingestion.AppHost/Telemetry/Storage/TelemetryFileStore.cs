using System.Buffers.Binary;

namespace Ingestion.AppHost.Telemetry.Storage;

/// <summary>
/// Append-only files of received OTLP payloads, so telemetry survives an AppHost restart.
/// Records are <c>[signal:1][length:4, little-endian][protobuf payload]</c>, in segments of about
/// an eighth of <see cref="MaxBytes"/>; the oldest segment is deleted when the total passes it.
/// A torn record at a segment's end (a crash mid-write) ends that segment's replay.
/// </summary>
public sealed class TelemetryFileStore : IDisposable
{
    private const string Extension = ".otlp";
    private const int HeaderBytes = 5;
    private const int MaxRecordBytes = 64 * 1024 * 1024;
    private readonly Lock _gate = new();
    private readonly long _segmentBytes;
    private FileStream? _current;
    private int _nextIndex;

    public TelemetryFileStore(string directory, long maxBytes)
    {
        Directory = directory;
        MaxBytes = maxBytes;
        _segmentBytes = Math.Max(256 * 1024, maxBytes / 8);
        System.IO.Directory.CreateDirectory(directory);
        _nextIndex = Segments().Select(IndexOf).DefaultIfEmpty(0).Max() + 1;
    }

    public string Directory { get; }

    public long MaxBytes { get; }

    public long TotalBytes => Segments().Sum(path => new FileInfo(path).Length);

    /// <summary>Every stored payload, oldest first. Call before the first <see cref="Append"/>.</summary>
    public IEnumerable<(TelemetrySignal Signal, byte[] Payload)> ReadAll()
    {
        foreach (var path in Segments())
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var header = new byte[HeaderBytes];
            while (stream.ReadAtLeast(header, HeaderBytes, throwOnEndOfStream: false) == HeaderBytes)
            {
                var length = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(1));
                if (!Enum.IsDefined((TelemetrySignal)header[0]) || length < 0 || length > MaxRecordBytes)
                {
                    break;
                }

                var payload = new byte[length];
                if (stream.ReadAtLeast(payload, length, throwOnEndOfStream: false) != length)
                {
                    break;
                }

                yield return ((TelemetrySignal)header[0], payload);
            }
        }
    }

    public void Append(TelemetrySignal signal, ReadOnlySpan<byte> payload)
    {
        Span<byte> header = stackalloc byte[HeaderBytes];
        header[0] = (byte)signal;
        BinaryPrimitives.WriteInt32LittleEndian(header[1..], payload.Length);
        lock (_gate)
        {
            if (_current is null || _current.Length + HeaderBytes + payload.Length > _segmentBytes)
            {
                Roll();
            }

            _current!.Write(header);
            _current.Write(payload);
            _current.Flush();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _current?.Dispose();
            _current = null;
        }
    }

    private void Roll()
    {
        _current?.Dispose();
        var path = Path.Combine(Directory, $"telemetry-{_nextIndex++:D8}{Extension}");
        _current = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        var segments = Segments();
        var total = segments.Sum(segment => new FileInfo(segment).Length);
        foreach (var oldest in segments.Where(segment => segment != path))
        {
            if (total + _segmentBytes <= MaxBytes)
            {
                break;
            }

            total -= new FileInfo(oldest).Length;
            File.Delete(oldest);
        }
    }

    private List<string> Segments() =>
        System.IO.Directory.EnumerateFiles(Directory, "telemetry-*" + Extension).Order(StringComparer.Ordinal).ToList();

    private static int IndexOf(string path) =>
        int.TryParse(Path.GetFileNameWithoutExtension(path).AsSpan("telemetry-".Length), out var index) ? index : 0;
}

public enum TelemetrySignal : byte
{
    Traces = 1,
    Logs = 2,
    Metrics = 3,
}
