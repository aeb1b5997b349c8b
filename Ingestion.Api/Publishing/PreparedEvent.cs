using System.Text;
using System.Text.Json;
using Ingestion.Api.Events;
using Ingestion.Messaging;

namespace Ingestion.Api.Publishing;

/// <summary>A valid event wrapped in the <see cref="IngestionEvent"/> envelope the workers read.</summary>
public sealed record PreparedEvent(ValidatedEvent Event, string Message)
{
    public int MessageBytes { get; } = Encoding.UTF8.GetByteCount(Message);

    /// <param name="sequence">The event's number in its source's sequence: what orders it, not <paramref name="receivedAt"/>.</param>
    public static PreparedEvent Wrap(string source, ValidatedEvent validated, DateTimeOffset receivedAt, long sequence) => new(
        validated,
        JsonSerializer.Serialize(new IngestionEvent(validated.EventId, source, validated.EntityName, receivedAt, validated.Body, sequence, validated.Version)));
}
