using System.Diagnostics;

namespace Ingestion.Messaging.Sns;

/// <summary>
/// One span per SNS call (retries included), named and tagged after the OpenTelemetry
/// messaging conventions for publishes ("publish data-ingestion.fifo", kind Producer) and
/// the AWS SDK RPC conventions for the rest ("SNS.CreateTopic", kind Client).
/// </summary>
internal static class SnsTelemetry
{
    public static Activity? Start(string action, string? topicArn, Uri endpoint, int? batchMessageCount = null)
    {
        var operationName = action switch
        {
            "Publish" => "publish",
            "PublishBatch" => "publish_batch",
            _ => null,
        };
        var topicName = topicArn is null ? null : TopicName(topicArn);
        var isPublish = operationName is not null;

        var spanName = isPublish
            ? $"{operationName} {topicName ?? "(unknown)"}"
            : $"SNS.{action}";
        var activity = IngestionActivitySources.Messaging.StartActivity(
            spanName, isPublish ? ActivityKind.Producer : ActivityKind.Client);
        if (activity is null)
        {
            return null;
        }

        activity.SetTag(SemanticTags.RpcSystem, "aws-api");
        activity.SetTag(SemanticTags.RpcService, "SNS");
        activity.SetTag(SemanticTags.RpcMethod, action);
        activity.SetTag(SemanticTags.ServerAddress, endpoint.Host);
        activity.SetTag(SemanticTags.ServerPort, endpoint.Port);
        if (topicName is not null)
        {
            activity.SetTag(SemanticTags.MessagingSystem, "aws_sns");
            activity.SetTag(SemanticTags.MessagingDestinationName, topicName);
        }

        if (isPublish)
        {
            activity.SetTag(SemanticTags.MessagingOperationType, "send");
            activity.SetTag(SemanticTags.MessagingOperationName, operationName);
        }

        if (batchMessageCount is { } count)
        {
            activity.SetTag(SemanticTags.MessagingBatchMessageCount, count);
        }

        return activity;
    }

    public static void RecordRetry(Activity? activity, int nextAttempt, SnsException error, TimeSpan delay) =>
        activity?.AddEvent(new ActivityEvent("retry", tags: new ActivityTagsCollection
        {
            ["attempt"] = nextAttempt,
            [SemanticTags.ErrorType] = error.ErrorCode,
            ["delay_ms"] = delay.TotalMilliseconds,
        }));

    public static void RecordFailure(Activity? activity, Exception exception)
    {
        if (activity is null)
        {
            return;
        }

        if (exception is SnsException sns)
        {
            activity.SetTag(SemanticTags.ErrorType, sns.ErrorCode);
            activity.SetTag(SemanticTags.AwsRequestId, sns.RequestId);
            if (sns.StatusCode is { } status)
            {
                activity.SetTag(SemanticTags.HttpResponseStatusCode, (int)status);
            }
        }
        else
        {
            activity.SetTag(SemanticTags.ErrorType, exception.GetType().FullName);
        }

        activity.SetStatus(ActivityStatusCode.Error, exception.Message);
        activity.AddException(exception);
    }

    /// <summary>The last ARN segment: <c>arn:aws:sns:us-east-1:000000000000:data-ingestion.fifo</c> → <c>data-ingestion.fifo</c>.</summary>
    public static string TopicName(string topicArn)
    {
        var separator = topicArn.LastIndexOf(':');
        return separator < 0 ? topicArn : topicArn[(separator + 1)..];
    }
}
