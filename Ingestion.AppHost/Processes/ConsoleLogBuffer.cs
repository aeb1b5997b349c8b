using Ingestion.AppHost.Model;

namespace Ingestion.AppHost.Processes;

/// <summary>
/// The last lines every child wrote, bounded so a chatty service cannot grow the AppHost
/// without limit (oldest dropped first).
/// </summary>
public sealed class ConsoleLogBuffer(int capacity = 20_000)
{
    private readonly Queue<ConsoleLogLine> _lines = new();
    private readonly Lock _lock = new();
    private long _sequence;

    public event Action<ConsoleLogLine>? LineWritten;

    public void Write(string resource, string text, bool isError)
    {
        ConsoleLogLine line;
        lock (_lock)
        {
            line = new ConsoleLogLine(++_sequence, resource, DateTimeOffset.UtcNow, text, isError);
            _lines.Enqueue(line);
            while (_lines.Count > capacity)
            {
                _lines.Dequeue();
            }
        }

        LineWritten?.Invoke(line);
    }

    public IReadOnlyList<ConsoleLogLine> Read(string? resource, long afterSequence, int max)
    {
        lock (_lock)
        {
            return _lines
                .Where(line => line.Sequence > afterSequence && (resource is null || line.Resource == resource))
                .TakeLast(max)
                .ToList();
        }
    }
}
