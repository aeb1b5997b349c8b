using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace Ingestion.Api.Publishing;

/// <summary>
/// Publishes one request's events and reports each one's fate. A single event joins the
/// shared <see cref="SingleEventBatcher"/>; a batch goes out in rounds that never hold two events
/// of one item, so no item's later event overtakes an earlier one.
/// </summary>
public sealed class EventPublisher(PublishBatchSender sender, SingleEventBatcher batcher, IOptions<IngestionTopicOptions> topic)
{
    public async Task<IReadOnlyList<EventPublishOutcome>> PublishAsync(string source, IReadOnlyList<PreparedEvent> events, CancellationToken cancellationToken)
    {
        using var ingest = ApiTelemetry.StartIngest(source, events);
        var spans = new Activity?[events.Count];
        var messages = new OutgoingMessage[events.Count];
        for (var index = 0; index < events.Count; index++)
        {
            spans[index] = ApiTelemetry.StartCreate(topic.Value.TopicName, source, events[index]);
            messages[index] = EventMessages.Accepted(events[index], source, spans[index] ?? Activity.Current);
        }

        EntryResult?[] results;
        try
        {
            results = events.Count == 1
                ? [await batcher.PublishAsync(messages[0], cancellationToken)]
                : await PublishGroupOrderedAsync(messages, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The caller went away: end the spans rather than leave them open forever.
            Array.ForEach(spans, span => span?.Dispose());
            throw;
        }

        var outcomes = new EventPublishOutcome[events.Count];
        for (var index = 0; index < events.Count; index++)
        {
            outcomes[index] = Complete(events[index], results[index], spans[index]);
        }

        if (outcomes.Any(outcome => outcome.Status != PublishStatus.Published))
        {
            ingest?.SetStatus(ActivityStatusCode.Error, "not every event was published");
        }

        return outcomes;
    }

    /// <summary>
    /// Rounds of PublishBatch calls, each holding at most one event per message group (the item):
    /// an item's next event goes out only once SNS accepted its previous one, so a batch that
    /// fails in part can never let a later update of an item through ahead of an earlier one.
    /// An item whose event failed stops there (its later events are not attempted); other items go on.
    /// </summary>
    private async Task<EntryResult?[]> PublishGroupOrderedAsync(OutgoingMessage[] messages, CancellationToken cancellationToken)
    {
        var results = new EntryResult?[messages.Length];
        var stopped = new Dictionary<string, EntryResult>(StringComparer.Ordinal);
        var waiting = Enumerable.Range(0, messages.Length).ToList();
        while (waiting.Count > 0)
        {
            var (batch, later) = NextBatch(messages, waiting, stopped, results);
            waiting = later;
            if (batch.Count == 0)
            {
                continue;
            }

            var batchResults = await sender.SendAsync([.. batch.Select(index => messages[index])], cancellationToken);
            for (var position = 0; position < batch.Count; position++)
            {
                var index = batch[position];
                results[index] = batchResults[position];
                if (!batchResults[position].Published)
                {
                    stopped[messages[index].GroupId] = batchResults[position];
                }
            }
        }

        return results;
    }

    /// <summary>In request order, each waiting item's first event while PublishBatch's limits allow; the rest wait.</summary>
    private static (List<int> Batch, List<int> Later) NextBatch(
        OutgoingMessage[] messages, List<int> waiting, Dictionary<string, EntryResult> stopped, EntryResult?[] results)
    {
        var batch = new List<int>(PublishBatchChunks.MaxEntries);
        var later = new List<int>();
        var groupsSeen = new HashSet<string>(StringComparer.Ordinal);
        var bytes = 0;
        foreach (var index in waiting)
        {
            var message = messages[index];
            if (stopped.TryGetValue(message.GroupId, out var failure))
            {
                // Not attempted, and as retryable as the failure that stopped its item.
                results[index] = new EntryResult(null, null, failure.Transient);
                continue;
            }

            var fits = batch.Count < PublishBatchChunks.MaxEntries && (batch.Count == 0 || bytes + message.Size <= PublishBatchChunks.MaxBytes);
            if (groupsSeen.Add(message.GroupId) && fits)
            {
                batch.Add(index);
                bytes += message.Size;
            }
            else
            {
                later.Add(index);
            }
        }

        return (batch, later);
    }

    private static EventPublishOutcome Complete(PreparedEvent prepared, EntryResult? result, Activity? span)
    {
        if (result?.MessageId is { } messageId)
        {
            span?.SetTag("messaging.message.id", messageId);
            span?.Dispose();
            return new EventPublishOutcome(prepared.Event, PublishStatus.Published, null, Transient: false);
        }

        var status = result?.ErrorCode is null ? PublishStatus.NotAttempted : PublishStatus.Failed;
        span?.SetStatus(ActivityStatusCode.Error, result?.ErrorCode ?? "not attempted");
        span?.Dispose();
        return new EventPublishOutcome(prepared.Event, status, result?.ErrorCode, result?.Transient ?? true);
    }
}
