using Ingestion.Messaging;

namespace Ingestion.Api.Replay;

/// <summary>An event read from the archive, with its line exactly as archived: a replay sends that line, not a re-serialization.</summary>
public sealed record ArchivedEvent(IngestionEvent Event, string Line);
