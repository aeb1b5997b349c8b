using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SQS;
using Amazon.SQS.Model;
using Ingestion.Api.Publishing;
using Ingestion.Api.Sources;
using Ingestion.Messaging;
using Ingestion.Messaging.Sns;
using Ingestion.Messaging.TraceContext;
using Microsoft.Extensions.Options;

namespace Ingestion.Api.Replay;

/// <summary>
/// Reads a time range of one source's archive and publishes those events again, with the
/// attributes, message group and body they had. Each replayed message gets a deduplication id
/// of its own (SNS would drop a resend of the original id within five minutes); the workers'
/// conditional writes make replaying twice store nothing twice.
/// </summary>
public sealed partial class ArchiveReplayer(
    IAmazonS3 s3,
    IAmazonSQS sqs,
    ISnsClient sns,
    SourceCatalogue catalogue,
    IOptions<ReplayOptions> replay,
    IOptions<IngestionTopicOptions> topic,
    ILogger<ArchiveReplayer> logger)
{
    public async Task<ReplayReport> ReplayAsync(SourceDefinition source, DateTimeOffset from, DateTimeOffset to, string? targetQueueUrl, CancellationToken cancellationToken)
    {
        var replayId = Guid.CreateVersion7().ToString("N");
        var events = new List<IngestionEvent>();
        var objects = 0;
        ReplayStarted(logger, replayId, source.Name, from, to, targetQueueUrl ?? "topic");
        foreach (var prefix in ArchiveKeys.HourPrefixes(source.Name, from, to))
        {
            foreach (var key in await ListAsync(prefix, cancellationToken))
            {
                objects++;
                using var response = await s3.GetObjectAsync(replay.Value.ArchiveBucketName, key, cancellationToken);
                var archived = await JsonSerializer.DeserializeAsync<IngestionEvent>(response.ResponseStream, cancellationToken: cancellationToken);
                if (archived is not null && archived.ReceivedAt >= from && archived.ReceivedAt < to)
                {
                    events.Add(archived);
                }
            }

            // Progress, one line per archive hour: a long replay shows on the dashboard's logs as it goes.
            ReplayProgress(logger, replayId, prefix, objects, events.Count);
        }

        // In the order they were first received, so each item's events replay in order.
        var messages = events.OrderBy(e => e.ReceivedAt).Select((e, index) => ToMessage(source, e, $"{replayId}-{index}")).ToList();
        foreach (var chunk in messages.Chunk(10))
        {
            if (targetQueueUrl is null)
            {
                await PublishAsync(chunk, cancellationToken);
            }
            else
            {
                await SendAsync(targetQueueUrl, chunk, cancellationToken);
            }
        }

        ReplayFinished(logger, replayId, messages.Count);
        return new ReplayReport(replayId, source.Name, targetQueueUrl is null ? "topic" : targetQueueUrl[(targetQueueUrl.LastIndexOf('/') + 1)..], objects, messages.Count);
    }

    private async Task<List<string>> ListAsync(string prefix, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        string? token = null;
        do
        {
            var page = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = replay.Value.ArchiveBucketName, Prefix = prefix, ContinuationToken = token }, cancellationToken);
            keys.AddRange((page.S3Objects ?? []).Select(o => o.Key));
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (token is not null);

        return keys;
    }

    private ReplayMessage ToMessage(SourceDefinition source, IngestionEvent archived, string deduplicationId)
    {
        var schema = catalogue.SchemaFor(source, archived.EntityName)
            ?? throw new InvalidOperationException($"The archive holds a {archived.EntityName} event, which source {source.Name} no longer sends.");
        var attributes = new Dictionary<string, SnsMessageAttribute>(StringComparer.Ordinal)
        {
            [MessageAttributeNames.Source] = new("String", archived.Source),
            [MessageAttributeNames.EntityName] = new("String", archived.EntityName),
            [MessageAttributeNames.EventId] = new("String", archived.EventId),
        };
        foreach (var (name, value) in schema.RoutingAttributes(archived.Body))
        {
            attributes[name] = value;
        }

        return new ReplayMessage(JsonSerializer.Serialize(archived), MessageTraceContext.WithTraceContext(attributes, Activity.Current), schema.ItemKey(archived.Body), deduplicationId);
    }

    private async Task PublishAsync(IReadOnlyList<ReplayMessage> chunk, CancellationToken cancellationToken)
    {
        var entries = chunk.Select((m, index) => new SnsBatchEntry(index.ToString(CultureInfo.InvariantCulture), m.Body, m.Attributes, m.GroupId, m.DeduplicationId)).ToList();
        var result = await sns.PublishBatchAsync(topic.Value.IngestionTopicArn, entries, cancellationToken);
        if (result.Failed.Count > 0)
        {
            var failure = result.Failed[0];
            throw new SnsException($"Replay publish failed for {result.Failed.Count} event(s): {failure.Message}", failure.Code, failure.SenderFault ? System.Net.HttpStatusCode.BadRequest : System.Net.HttpStatusCode.InternalServerError);
        }
    }

    private async Task SendAsync(string queueUrl, IReadOnlyList<ReplayMessage> chunk, CancellationToken cancellationToken)
    {
        var response = await sqs.SendMessageBatchAsync(new SendMessageBatchRequest
        {
            QueueUrl = queueUrl,
            Entries = chunk.Select((m, index) => new SendMessageBatchRequestEntry(index.ToString(CultureInfo.InvariantCulture), m.Body)
            {
                MessageGroupId = m.GroupId,
                MessageDeduplicationId = m.DeduplicationId,
                MessageAttributes = m.Attributes.ToDictionary(a => a.Key, a => new MessageAttributeValue { DataType = a.Value.DataType, StringValue = a.Value.Value }),
            }).ToList(),
        }, cancellationToken);
        if (response.Failed is { Count: > 0 } failed)
        {
            throw new InvalidOperationException($"Replay send to {queueUrl} failed for {failed.Count} event(s): {failed[0].Message}");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Replay {ReplayId} of {Source} from {From:O} to {To:O} to {Target} started")]
    private static partial void ReplayStarted(ILogger logger, string replayId, string source, DateTimeOffset from, DateTimeOffset to, string target);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replay {ReplayId}: read {Prefix}; {Objects} objects, {Events} events in range so far")]
    private static partial void ReplayProgress(ILogger logger, string replayId, string prefix, int objects, int events);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replay {ReplayId} published {Events} events")]
    private static partial void ReplayFinished(ILogger logger, string replayId, int events);

    private sealed record ReplayMessage(string Body, IReadOnlyDictionary<string, SnsMessageAttribute> Attributes, string GroupId, string DeduplicationId);
}
