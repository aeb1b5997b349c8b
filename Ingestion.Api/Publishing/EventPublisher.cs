using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace Ingestion.Api.Publishing;

/// <summary>
/// Publishes one request's events and reports each one's fate. A single event joins the
/// shared <see cref="SingleEventBatcher"/>; a batch goes out in consecutive PublishBatch chunks,
/// stopping at the first chunk that fails so no item's later event overtakes an earlier one.
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
                : await PublishInChunksAsync(messages, cancellationToken);
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

    private async Task<EntryResult?[]> PublishInChunksAsync(OutgoingMessage[] messages, CancellationToken cancellationToken)
    {
        var results = new EntryResult?[messages.Length];
        var next = 0;
        foreach (var chunk in PublishBatchChunks.Split(messages))
        {
            var chunkResults = await sender.SendAsync(chunk, cancellationToken);
            chunkResults.CopyTo(results, next);
            next += chunk.Count;
            if (chunkResults.FirstOrDefault(result => !result.Published) is { } failure)
            {
                // The rest stay null: not attempted, and as retryable as the failure that stopped us.
                for (var index = next; index < messages.Length; index++)
                {
                    results[index] = new EntryResult(null, null, failure.Transient);
                }

                break;
            }
        }

        return results;
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
