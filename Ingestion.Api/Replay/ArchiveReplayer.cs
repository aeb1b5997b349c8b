using System.Diagnostics;
using System.Globalization;
using Amazon.S3;
using Amazon.SQS;
using Amazon.SQS.Model;
using Ingestion.Api.Publishing;
using Ingestion.Api.Sources;
using Ingestion.Messaging;
using Microsoft.Extensions.Options;

namespace Ingestion.Api.Replay;

/// <summary>
/// Runs one replay: streams the source's archive hour by hour in receipt order (<see cref="ArchiveReader"/>)
/// and sends each event again as <see cref="EventMessages.Replayed"/> builds it, in batches of at most
/// ten entries and 256 KiB: through the API's publisher to the topic, or straight to one subscriber
/// queue, only if that queue's filter would have let it through. Memory holds one batch and a line
/// per overlapping archive object, whatever the range.
/// </summary>
public sealed partial class ArchiveReplayer(
    IAmazonS3 s3,
    IAmazonSQS sqs,
    PublishBatchSender publisher,
    SourceCatalogue catalogue,
    IOptions<ReplayOptions> replay,
    TimeProvider time,
    ILogger<ArchiveReplayer> logger)
{
    public const int BatchSize = 10;
    private const int MaxAttempts = 5;

    public async Task RunAsync(ReplayJob job, CancellationToken cancellationToken)
    {
        ReplayStarted(logger, job.Id, job.Source.Name, job.From, job.To, job.Target?.Name ?? "topic");
        var archive = new ArchiveReader(s3, replay.Value.ArchiveBucketName);
        var batch = new List<OutgoingMessage>(BatchSize);
        var index = 0;
        foreach (var prefix in ArchiveKeys.HourPrefixes(job.Source.Name, job.From, job.To))
        {
            job.CurrentPrefix = prefix;
            await foreach (var archived in archive.ReadAsync(prefix, job, cancellationToken))
            {
                if (archived.Event.ReceivedAt < job.From || archived.Event.ReceivedAt >= job.To)
                {
                    continue;
                }

                var schema = catalogue.SchemaFor(job.Source, archived.Event.EntityName)
                    ?? throw new InvalidOperationException($"The archive holds a {archived.Event.EntityName} event, which source {job.Source.Name} no longer sends.");
                var message = EventMessages.Replayed(archived.Event, archived.Line, schema, $"{job.Id}-{index++}", Activity.Current);
                if (job.Target is { } target && !target.Filter.Matches(message.Attributes))
                {
                    job.Filtered();
                    continue;
                }

                // PublishBatch and SendMessageBatch take 10 entries and 256 KiB in total: send before either would be exceeded.
                if (batch.Count > 0 && batch.Sum(pending => pending.Size) + message.Size > PublishBatchChunks.MaxBytes)
                {
                    await SendAsync(job, batch, cancellationToken);
                }

                batch.Add(message);
                if (batch.Count == BatchSize)
                {
                    await SendAsync(job, batch, cancellationToken);
                }
            }

            // Progress, one line per archive hour: a long replay shows on the dashboard's logs as it goes.
            var snapshot = job.Snapshot();
            ReplayProgress(logger, job.Id, prefix, snapshot.ObjectsRead, snapshot.EventsReplayed);
        }

        if (batch.Count > 0)
        {
            await SendAsync(job, batch, cancellationToken);
        }

        ReplayFinished(logger, job.Id, job.Snapshot().EventsReplayed);
    }

    /// <summary>Sends the batch, retrying what failed for a reason that may pass; empties it.</summary>
    private async Task SendAsync(ReplayJob job, List<OutgoingMessage> batch, CancellationToken cancellationToken)
    {
        IReadOnlyList<OutgoingMessage> pending = [.. batch];
        for (var attempt = 1; pending.Count > 0; attempt++)
        {
            var failures = job.Target is { } target
                ? await SendToQueueAsync(target.Url, pending, cancellationToken)
                : await PublishAsync(pending, cancellationToken);
            job.Replayed(pending.Count - failures.Count);
            if (failures.Count == 0)
            {
                break;
            }

            if (attempt == MaxAttempts || failures.Any(failure => !failure.Transient))
            {
                throw new InvalidOperationException($"{failures.Count} event(s) not replayed after {attempt} attempt(s): {failures[0].Code}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200 * Math.Pow(2, attempt - 1)), time, cancellationToken);
            pending = [.. failures.Select(failure => failure.Message)];
        }

        batch.Clear();
    }

    /// <summary>Through the API's own publisher: the same throttling and error mapping as newly accepted events.</summary>
    private async Task<IReadOnlyList<SendFailure>> PublishAsync(IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken)
    {
        var results = await publisher.SendAsync(messages, cancellationToken);
        return [.. results.Select((result, index) => (result, index))
            .Where(pair => !pair.result.Published)
            .Select(pair => new SendFailure(messages[pair.index], pair.result.ErrorCode ?? "NoResult", pair.result.Transient))];
    }

    private async Task<IReadOnlyList<SendFailure>> SendToQueueAsync(string queueUrl, IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken)
    {
        try
        {
            var response = await sqs.SendMessageBatchAsync(new SendMessageBatchRequest
            {
                QueueUrl = queueUrl,
                Entries = [.. messages.Select((m, index) => new SendMessageBatchRequestEntry(index.ToString(CultureInfo.InvariantCulture), m.Body)
                {
                    MessageGroupId = m.GroupId,
                    MessageDeduplicationId = m.DeduplicationId,
                    MessageAttributes = m.Attributes.ToDictionary(a => a.Key, a => new MessageAttributeValue { DataType = a.Value.DataType, StringValue = a.Value.Value }),
                })],
            }, cancellationToken);
            return [.. (response.Failed ?? []).Select(entry => new SendFailure(
                messages[int.Parse(entry.Id, CultureInfo.InvariantCulture)], entry.Code ?? "Failed", !(entry.SenderFault ?? false)))];
        }
        catch (AmazonSQSException exception) when (exception.ErrorType != Amazon.Runtime.ErrorType.Sender || exception.ErrorCode.Contains("Throttl", StringComparison.Ordinal))
        {
            return [.. messages.Select(message => new SendFailure(message, exception.ErrorCode, Transient: true))];
        }
        catch (HttpRequestException exception)
        {
            return [.. messages.Select(message => new SendFailure(message, exception.GetType().Name, Transient: true))];
        }
    }

    private sealed record SendFailure(OutgoingMessage Message, string Code, bool Transient);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replay {ReplayId} of {Source} from {From:O} to {To:O} to {Target} started")]
    private static partial void ReplayStarted(ILogger logger, string replayId, string source, DateTimeOffset from, DateTimeOffset to, string target);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replay {ReplayId}: read {Prefix}; {Objects} objects read, {Events} events replayed so far")]
    private static partial void ReplayProgress(ILogger logger, string replayId, string prefix, long objects, long events);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replay {ReplayId} replayed {Events} events")]
    private static partial void ReplayFinished(ILogger logger, string replayId, long events);
}
