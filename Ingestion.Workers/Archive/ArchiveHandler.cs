using Ingestion.Workers.Entities;
using Ingestion.Workers.Handling;
using Ingestion.Messaging.Aws;

namespace Ingestion.Workers.Archive;

/// <summary>Configuration: the archive bucket, from the template's ArchiveBucketName output.</summary>
internal sealed class ArchiveOptions
{
    public const string SectionName = AwsConfigurationKeys.ResourcesSection;

    /// <summary>Where the batching settings are read from.</summary>
    public const string BatchingSectionName = "Worker:Archive";

    public string ArchiveBucketName { get; set; } = "";

    /// <summary>
    /// How long the archive waits for more events to share an object (Worker:Archive:BatchWindow):
    /// a received batch's messages reach the handler within a millisecond or two of each other.
    /// </summary>
    public TimeSpan BatchWindow { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>The most events in one object.</summary>
    public int MaxEventsPerObject { get; set; } = 100;
}

/// <summary>
/// The archive processor: every accepted event, whatever its source, written to S3 under its
/// source and hour of receipt (<see cref="ArchiveKeys"/>), as the API published it, for POST
/// /replay; the events handled at the same time share one object (<see cref="ArchiveBatcher"/>).
/// A redelivered event may be archived twice, which replay makes harmless (it keeps its order key).
/// </summary>
internal sealed class ArchiveHandler<TEntity>(ArchiveBatcher archive) : IMessageHandler<TEntity>
    where TEntity : IStoredEntity
{
    public async Task<MessageHandlerResult> HandleAsync(EntityMessage<TEntity> message, CancellationToken cancellationToken)
    {
        await archive.WriteAsync(message.Event, cancellationToken);
        return MessageHandlerResult.Success;
    }
}
