using Amazon.DynamoDBv2;
using Amazon.SQS;
using Ingestion.AppHost.Dashboard.Queues;
using Ingestion.AppHost.Telemetry;
using Ingestion.AppHost.Telemetry.Model;

namespace Ingestion.AppHost.Dashboard.Journey;

/// <summary>
/// Builds an event's journey: accepted (the API's server span) → published (the SNS send span)
/// → in its source queue → processed (the worker's process span, once per attempt) → stored
/// (the DynamoDB span under it, and the item itself) — or dead-lettered, with its error.
/// </summary>
public sealed class EventJourneyBuilder(
    TelemetryStore store,
    IDashboardTopology topology,
    QueueInspector inspector,
    StoredItemReader items,
    ILogger<EventJourneyBuilder> logger)
{
    private const int DeadLetterPeekLimit = 100;

    public async Task<EventJourney> BuildAsync(string eventId, CancellationToken cancellationToken)
    {
        var evidence = EventEvidence.Collect(store, eventId);
        var queue = QueueOf(evidence.Source);
        DeadLetterMessage? deadLetter = null;
        QueueCounts? counts = null;
        try
        {
            deadLetter = await FindDeadLetterAsync(eventId, queue, cancellationToken);
            counts = queue is null ? null : await inspector.CountAsync(queue.Url, cancellationToken);
        }
        catch (Exception exception) when (exception is AmazonSQSException or HttpRequestException)
        {
            logger.JourneyLookupFailed(exception, eventId);
        }

        queue ??= deadLetter is null ? null : topology.Queues.FirstOrDefault(q => q.Worker == deadLetter.Source);
        var stages = new JourneyStages(evidence, queue, counts, deadLetter);
        var itemId = ItemIdOf(evidence, deadLetter);
        var storedItem = stages.IsStored || stages.IsProcessed ? await ReadItemAsync(eventId, itemId, cancellationToken) : null;

        return new EventJourney(
            eventId,
            stages.Status,
            stages.Summary,
            evidence.Source ?? deadLetter?.Source,
            evidence.EntityName ?? deadLetter?.EntityName,
            queue?.Name,
            stages.Build(),
            evidence.TraceIds,
            itemId ?? storedItem?.ItemId,
            storedItem?.Item,
            deadLetter,
            Errors(evidence));
    }

    private DashboardQueue? QueueOf(string? source) =>
        source is null ? null : topology.Queues.FirstOrDefault(queue => string.Equals(queue.Worker, source, StringComparison.OrdinalIgnoreCase));

    private async Task<DeadLetterMessage?> FindDeadLetterAsync(string eventId, DashboardQueue? queue, CancellationToken cancellationToken)
    {
        // Without telemetry (evicted, or never exported) the source is unknown: look in every DLQ.
        var candidates = queue is not null ? [queue] : topology.Queues;
        foreach (var candidate in candidates.Where(candidate => candidate.DeadLetterUrl is not null))
        {
            var messages = await inspector.PeekAsync(candidate.DeadLetterUrl!, DeadLetterPeekLimit, cancellationToken);
            if (messages.FirstOrDefault(message => message.EventId == eventId) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private async Task<StoredItem?> ReadItemAsync(string eventId, string? itemId, CancellationToken cancellationToken)
    {
        try
        {
            return await items.ReadAsync(itemId, eventId, cancellationToken);
        }
        catch (Exception exception) when (exception is AmazonDynamoDBException or HttpRequestException)
        {
            logger.JourneyLookupFailed(exception, eventId);
            return null;
        }
    }

    // The API tags its producer span with the item key (messaging.message.conversation_id); a
    // dead-lettered message carries it as its MessageGroupId; the worker logs it as ItemId.
    private static string? ItemIdOf(EventEvidence evidence, DeadLetterMessage? deadLetter) =>
        evidence.Tagged.Select(span => span.Attribute("item_id") ?? span.Attribute("messaging.message.conversation_id")).FirstOrDefault(id => id is not null)
        ?? evidence.Logs.Select(entry => entry.Attribute("ItemId")).FirstOrDefault(id => id is not null)
        ?? deadLetter?.MessageGroupId;

    private static List<JourneyError> Errors(EventEvidence evidence) =>
        evidence.Failures
            .Select(span => new JourneyError(span.End, span.Resource, $"{span.Name}: {DeadLetterErrors.Describe(span)}", span.TraceId, span.SpanId))
            .Concat(evidence.Logs
                .Where(entry => entry.Severity >= LogSeverity.Warning)
                .Select(entry => new JourneyError(entry.Timestamp, entry.Resource, entry.Message, entry.TraceId, entry.SpanId)))
            .OrderBy(error => error.At)
            .ToList();
}
