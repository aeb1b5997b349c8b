using System.Text;
using System.Text.Json;

namespace Ingestion.Messaging;

/// <summary>
/// An archive object's content: one event per line, as the API published it (JSON lines). An
/// object of the older one-event layout is a single line, so both read the same way.
/// </summary>
public static class ArchiveObjects
{
    public static string Write(IEnumerable<IngestionEvent> events)
    {
        var content = new StringBuilder();
        foreach (var archived in events)
        {
            // The serializer escapes line breaks inside strings, so an event is always one line.
            content.Append(JsonSerializer.Serialize(archived)).Append('\n');
        }

        return content.ToString();
    }

    public static async Task<IReadOnlyList<IngestionEvent>> ReadAsync(Stream content, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(content, Encoding.UTF8);
        List<IngestionEvent> events = [];
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (!string.IsNullOrWhiteSpace(line) && JsonSerializer.Deserialize<IngestionEvent>(line) is { } archived)
            {
                events.Add(archived);
            }
        }

        return events;
    }
}
