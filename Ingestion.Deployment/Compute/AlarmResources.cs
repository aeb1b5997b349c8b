using System.Text.Json.Nodes;
using Ingestion.Messaging.Aws;

namespace Ingestion.Deployment.Compute;

/// <summary>
/// Alerts to the AlarmTopic (and AlarmEmail when given). Each covers every queue of the deployment
/// through a CloudWatch Metrics Insights query on the queue names, so the count stays at five at 3
/// neighbourhoods or 77 (a per-queue alarm would be 160 more resources).
/// </summary>
internal static class AlarmResources
{
    public static void Add(JsonObject resources)
    {
        resources["AlarmTopic"] = Cfn.Resource("AWS::SNS::Topic", new JsonObject { ["KmsMasterKeyId"] = "alias/aws/sns" });
        resources["AlarmEmailSubscription"] = Cfn.Resource("AWS::SNS::Subscription", new JsonObject
        {
            ["TopicArn"] = Cfn.Ref("AlarmTopic"),
            ["Protocol"] = "email",
            ["Endpoint"] = Cfn.Ref("AlarmEmail"),
        }, "HasAlarmEmail");

        resources["DeadLetterQueueNotEmptyAlarm"] = QueueQuery(
            "A dead-letter queue holds a message a worker gave up on: look at it, fix the cause, redrive it.",
            "ApproximateNumberOfMessagesVisible", "%-dlq.fifo", JsonValue.Create(0));
        resources["UndeliveredQueueNotEmptyAlarm"] = QueueQuery(
            "SNS could not deliver an accepted event to a worker's queue (policy or key problem): it waits in an undelivered queue.",
            "ApproximateNumberOfMessagesVisible", "%-undelivered.fifo", JsonValue.Create(0));
        resources["OldestMessageTooOldAlarm"] = QueueQuery(
            "A queue's oldest message is older than OldestMessageAlarmSeconds: its worker is not keeping up or not running, and the message expires with the queue's retention.",
            "ApproximateAgeOfOldestMessage", "%", Cfn.Ref("OldestMessageAlarmSeconds"));

        resources["Api5xxRateAlarm"] = Alarm("More than Api5xxAlarmPercent of the API's requests failed with a 5xx for 3 of 5 minutes.", Cfn.Ref("Api5xxAlarmPercent"), 5, 3, Cfn.List(
            LoadBalancerMetric("target5xx", "HTTPCode_Target_5XX_Count"),
            LoadBalancerMetric("elb5xx", "HTTPCode_ELB_5XX_Count"),
            LoadBalancerMetric("requests", "RequestCount"),
            new JsonObject
            {
                ["Id"] = "rate",
                ["Expression"] = "IF(FILL(requests, 0) > 0, 100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests, 0)",
                ["Label"] = "5xx percent",
                ["ReturnData"] = true,
            }));
        resources["DynamoDbThrottledAlarm"] = Alarm("DynamoDB throttled requests on the datastore table (a hot key or partition, or the account's limit).", JsonValue.Create(0), 1, 1, Cfn.List(new JsonObject
        {
            ["Id"] = "throttled",
            ["Expression"] = Cfn.Sub(
                "SELECT SUM(ThrottledRequests) FROM SCHEMA(\"AWS/DynamoDB\", Operation, TableName) WHERE TableName = '${Table}'",
                new JsonObject { ["Table"] = Cfn.Import(StackOutputNames.DataStoreTableName) }),
            ["Period"] = 60,
            ["ReturnData"] = true,
        }));
    }

    private static JsonObject QueueQuery(string description, string metric, string suffix, JsonNode threshold) =>
        Alarm(description, threshold, 1, 1, Cfn.List(new JsonObject
        {
            ["Id"] = "worst",
            ["Expression"] = Cfn.Sub(
                $"SELECT MAX({metric}) FROM SCHEMA(\"AWS/SQS\", QueueName) WHERE QueueName LIKE '${{Prefix}}-{suffix}'",
                new JsonObject { ["Prefix"] = Cfn.Import("NamePrefix") }),
            ["Period"] = 60,
            ["ReturnData"] = true,
        }));

    private static JsonObject Alarm(string description, JsonNode threshold, int periods, int datapoints, JsonArray metrics) =>
        Cfn.Resource("AWS::CloudWatch::Alarm", new JsonObject
        {
            ["AlarmDescription"] = description,
            ["ComparisonOperator"] = "GreaterThanThreshold",
            ["Threshold"] = threshold,
            ["EvaluationPeriods"] = periods,
            ["DatapointsToAlarm"] = datapoints,
            ["TreatMissingData"] = "notBreaching",
            ["AlarmActions"] = Cfn.List(Cfn.Ref("AlarmTopic")),
            ["OKActions"] = Cfn.List(Cfn.Ref("AlarmTopic")),
            ["Metrics"] = metrics,
        });

    private static JsonObject LoadBalancerMetric(string id, string metric) => new()
    {
        ["Id"] = id,
        ["ReturnData"] = false,
        ["MetricStat"] = new JsonObject
        {
            ["Period"] = 60,
            ["Stat"] = "Sum",
            ["Metric"] = new JsonObject
            {
                ["Namespace"] = "AWS/ApplicationELB",
                ["MetricName"] = metric,
                ["Dimensions"] = Cfn.List(new JsonObject { ["Name"] = "LoadBalancer", ["Value"] = Cfn.GetAtt("LoadBalancer", "LoadBalancerFullName") }),
            },
        },
    };
}
