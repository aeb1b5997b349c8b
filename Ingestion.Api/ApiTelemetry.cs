using System.Diagnostics;
using System.Diagnostics.Metrics;
using Ingestion.Api.Publishing;
using Ingestion.Messaging;

namespace Ingestion.Api;

/// <summary>
/// The API's spans. Per accepted request an "ingest" span; under it one producer "create" span
/// per event, whose context travels in the message so the worker continues the same trace; and
/// a "send" span per PublishBatch call, linked to every message it carries (OpenTelemetry
/// messaging conventions: a batch send links to the creation contexts).
/// </summary>
public static class ApiTelemetry
{
    public const string SourceName = IngestionActivitySources.ApiName;

    // Producers and consumers query these three to find everything about an event.
    public const string EventIdTag = "event_id";
    public const string SourceTag = "source";
    public const string EntityNameTag = "entity_name";

    public static readonly ActivitySource Source = new(SourceName);

    private static readonly Meter Meter = new(SourceName);

    /// <summary>Requests answered 429, by source and by which limit (requests or events) they hit.</summary>
    private static readonly Counter<long> Throttled = Meter.CreateCounter<long>(
        "ingestion.api.throttled_requests", unit: "{request}", description: "Requests refused with 429 because their source was over its rate limit");

    public static void RecordThrottled(string source, string limit) =>
        Throttled.Add(1, new KeyValuePair<string, object?>(SourceTag, source), new KeyValuePair<string, object?>("limit", limit));

    public static Activity? StartIngest(string source, IReadOnlyList<PreparedEvent> events)
    {
        var activity = Source.StartActivity($"ingest {source}", ActivityKind.Internal);
        if (activity is null)
        {
            return null;
        }

        activity.SetTag(SourceTag, source);
        activity.SetTag("messaging.batch.message_count", events.Count);
        if (events.Select(e => e.Event.EntityName).Distinct().Count() == 1)
        {
            activity.SetTag(EntityNameTag, events[0].Event.EntityName);
        }

        if (events.Count == 1)
        {
            activity.SetTag(EventIdTag, events[0].Event.EventId);
        }

        return activity;
    }

    /// <summary>Starts a sibling per event: it leaves Activity.Current as it found it.</summary>
    public static Activity? StartCreate(string topicName, string source, PreparedEvent prepared)
    {
        var parent = Activity.Current;
        var activity = Source.StartActivity($"create {topicName}", ActivityKind.Producer);
        Activity.Current = parent;
        if (activity is null)
        {
            return null;
        }

        SetMessagingTags(activity, topicName, "create", "create");
        activity.SetTag(SourceTag, source);
        activity.SetTag(EntityNameTag, prepared.Event.EntityName);
        activity.SetTag(EventIdTag, prepared.Event.EventId);
        activity.SetTag("messaging.message.conversation_id", prepared.Event.ItemKey);
        activity.SetTag("messaging.message.body.size", prepared.MessageBytes);
        return activity;
    }

    /// <summary>
    /// A coalesced batch runs on the batcher's task with no current span: it then hangs under the
    /// first message's context, and links to all of them.
    /// </summary>
    public static Activity? StartSend(string topicName, IReadOnlyList<OutgoingMessage> messages)
    {
        var parent = Activity.Current?.Context ?? messages[0].CreatedBy;
        var links = messages.Where(m => m.CreatedBy != default).Select(m => new ActivityLink(m.CreatedBy));
        var activity = Source.StartActivity($"send {topicName}", ActivityKind.Client, parent, links: links);
        if (activity is null)
        {
            return null;
        }

        SetMessagingTags(activity, topicName, "send", "PublishBatch");
        activity.SetTag("messaging.batch.message_count", messages.Count);
        return activity;
    }

    private static void SetMessagingTags(Activity activity, string topicName, string operationType, string operationName)
    {
        activity.SetTag("messaging.system", "aws_sns");
        activity.SetTag("messaging.destination.name", topicName);
        activity.SetTag("messaging.operation.type", operationType);
        activity.SetTag("messaging.operation.name", operationName);
    }
}
