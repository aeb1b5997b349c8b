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
    /// Receive loops of the archive worker unless <c>Worker:Poller:Concurrency</c> says otherwise: an
    /// object can only hold the events in hand, and each loop holds one batch of at most ten.
    /// </summary>
    public const int ReceiveLoops = 16;

    /// <summary>
    /// How long the archive waits for more events to share an object (Worker:Archive:BatchWindow).
    /// Nothing waits on the archive but replay, so it trades a fifth of a second for objects of about
    /// a hundred events at 500 events/s: S3 PUTs are priced per request, and at 5 ms (ten events an
    /// object) they were the third largest cost per event.
    /// </summary>
    public TimeSpan BatchWindow { get; set; } = DefaultBatchWindow;

    public static readonly TimeSpan DefaultBatchWindow = TimeSpan.FromMilliseconds(200);

    /// <summary>The most events in one object: every loop's batch (<see cref="ReceiveLoops"/> × 10), so an object is written as soon as all are in.</summary>
    public int MaxEventsPerObject { get; set; } = ReceiveLoops * 10;
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
