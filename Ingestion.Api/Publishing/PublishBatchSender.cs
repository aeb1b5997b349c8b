using System.Globalization;
using Ingestion.Messaging.Sns;
using Microsoft.Extensions.Options;

namespace Ingestion.Api.Publishing;

/// <summary>
/// One PublishBatch call and what it meant for each entry. It never throws for SNS trouble:
/// every entry gets a result, so each caller learns its own fate.
/// </summary>
public sealed class PublishBatchSender(ISnsClient sns, IOptions<IngestionTopicOptions> topic, ILogger<PublishBatchSender> logger)
{
    private static readonly HashSet<string> ThrottlingCodes =
        new(["Throttled", "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottled", "KMSThrottling"], StringComparer.Ordinal);

    /// <returns>One result per message, in order.</returns>
    public async Task<EntryResult[]> SendAsync(IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken)
    {
        using var activity = ApiTelemetry.StartSend(topic.Value.TopicName, messages);
        var entries = messages.Select((message, index) => message.ToEntry(index.ToString(CultureInfo.InvariantCulture))).ToList();
        EntryResult[] results;
        try
        {
            var response = await sns.PublishBatchAsync(topic.Value.IngestionTopicArn, entries, cancellationToken);
            results = Match(messages, response);
        }
        catch (SnsException exception)
        {
            ApiLog.PublishBatchRejected(logger, exception, entries.Count, exception.ErrorCode, exception.IsTransient);
            results = Fill(messages.Count, EntryResult.Failure(exception.ErrorCode, exception.IsTransient));
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            // A client-side timeout: SNS may be slow or unreachable, so a retry may succeed.
            ApiLog.PublishBatchRejected(logger, exception, entries.Count, "Timeout", transient: true);
            results = Fill(messages.Count, EntryResult.Failure("Timeout", transient: true));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            ApiLog.PublishBatchCrashed(logger, exception, entries.Count);
            results = Fill(messages.Count, EntryResult.Failure("InternalError", transient: false));
        }

        var failed = results.Count(result => !result.Published);
        ApiLog.PublishBatchSent(logger, entries.Count, failed);
        if (failed > 0)
        {
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, $"{failed} of {entries.Count} entries failed");
        }

        return results;
    }

    private EntryResult[] Match(IReadOnlyList<OutgoingMessage> messages, SnsPublishBatchResult response)
    {
        var successes = response.Successful.ToDictionary(success => success.Id, StringComparer.Ordinal);
        var failures = response.Failed.ToDictionary(failure => failure.Id, StringComparer.Ordinal);
        var results = new EntryResult[messages.Count];
        for (var index = 0; index < messages.Count; index++)
        {
            var id = index.ToString(CultureInfo.InvariantCulture);
            if (successes.TryGetValue(id, out var success))
            {
                results[index] = EntryResult.Success(success.MessageId);
            }
            else if (failures.TryGetValue(id, out var failure))
            {
                ApiLog.EntryRefused(logger, messages[index].EventId, failure.Code, failure.Message);
                results[index] = EntryResult.Failure(failure.Code, transient: !failure.SenderFault || ThrottlingCodes.Contains(failure.Code));
            }
            else
            {
                // SNS answered without mentioning this entry: we cannot claim it was published.
                results[index] = EntryResult.Failure("NoResult", transient: true);
            }
        }

        return results;
    }

    private static EntryResult[] Fill(int count, EntryResult result) => Enumerable.Repeat(result, count).ToArray();
}
