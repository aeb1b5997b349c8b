using System.Text.Json.Nodes;
using Ingestion.Hosting.AWS.CloudFormation;
using Ingestion.Topology.Metadata;

namespace Ingestion.Deployment.Compute;

/// <summary>
/// One ECS service per worker, each from the one worker image, scaled on its own queue's backlog
/// from zero to WorkerMaxTasks: five resources per worker (task definition, service, scalable
/// target, step policy, the alarm that drives it), so 83 workers (77 neighbourhoods) take 415 of
/// the template's 500.
/// </summary>
internal static class WorkerResources
{
    public static void Add(JsonObject resources, WorkerDeclaration worker, JsonNode taskRoleArn)
    {
        var id = LogicalIds.Of(worker.Name);
        resources[$"{id}Task"] = TaskDefinitions.Create(
            $"worker-{worker.Name}", "worker", Cfn.Ref("WorkerImage"), taskRoleArn, ServiceEnvironments.Worker(worker), "256", "512", port: null);
        resources[$"{id}Service"] = Cfn.Resource("AWS::ECS::Service", new JsonObject
        {
            ["Cluster"] = Cfn.Ref("Cluster"),
            ["TaskDefinition"] = Cfn.Ref($"{id}Task"),
            ["LaunchType"] = "FARGATE",
            // The scaling below sets the count; an idle worker costs nothing.
            ["DesiredCount"] = 0,
            ["PropagateTags"] = "SERVICE",
            ["EnableECSManagedTags"] = true,
            ["NetworkConfiguration"] = Network.TaskNetwork("WorkerSecurityGroup"),
            ["Tags"] = Cfn.List(Cfn.Tag("ingestion:worker", worker.Name)),
        });
        resources[$"{id}ScalableTarget"] = Cfn.Resource("AWS::ApplicationAutoScaling::ScalableTarget", new JsonObject
        {
            ["ServiceNamespace"] = "ecs",
            ["ScalableDimension"] = "ecs:service:DesiredCount",
            ["ResourceId"] = Cfn.Sub("service/${Cluster}/${Service}", new JsonObject { ["Service"] = Cfn.GetAtt($"{id}Service", "Name") }),
            ["MinCapacity"] = 0,
            ["MaxCapacity"] = Cfn.Ref("WorkerMaxTasks"),
        });
        resources[$"{id}ScalingPolicy"] = Cfn.Resource("AWS::ApplicationAutoScaling::ScalingPolicy", new JsonObject
        {
            ["PolicyName"] = Cfn.Sub($"${{AWS::StackName}}-{worker.Name}-backlog"),
            ["PolicyType"] = "StepScaling",
            ["ScalingTargetId"] = Cfn.Ref($"{id}ScalableTarget"),
            ["StepScalingPolicyConfiguration"] = new JsonObject
            {
                // The tasks a backlog needs, not a step up or down: the alarm below is always in ALARM,
                // so Application Auto Scaling applies this every minute (after the cooldown).
                ["AdjustmentType"] = "ExactCapacity",
                ["Cooldown"] = 60,
                ["MetricAggregationType"] = "Maximum",
                // Bounds are relative to the alarm's threshold, -1: a backlog b falls in [b + 1).
                ["StepAdjustments"] = Cfn.List(
                    Step(0, 1.5, 0),
                    Step(1.5, 101, 1),
                    Step(101, 1001, 2),
                    Step(1001, null, Cfn.Ref("WorkerMaxTasks"))),
            },
        });
        resources[$"{id}BacklogAlarm"] = Cfn.Resource("AWS::CloudWatch::Alarm", new JsonObject
        {
            ["AlarmDescription"] = $"Drives the scaling of worker-{worker.Name} (always in ALARM by design; not an alert).",
            ["ComparisonOperator"] = "GreaterThanThreshold",
            ["Threshold"] = -1,
            ["EvaluationPeriods"] = 1,
            ["TreatMissingData"] = "breaching",
            ["AlarmActions"] = Cfn.List(Cfn.Ref($"{id}ScalingPolicy")),
            ["Metrics"] = Cfn.List(
                QueueMetric("visible", "ApproximateNumberOfMessagesVisible", worker),
                QueueMetric("inflight", "ApproximateNumberOfMessagesNotVisible", worker),
                QueueMetric("age", "ApproximateAgeOfOldestMessage", worker),
                new JsonObject
                {
                    ["Id"] = "backlog",
                    // In-flight messages keep one task (never scale in under a batch); a message older
                    // than the threshold counts as a large backlog, so the service goes to its maximum.
                    ["Expression"] = Cfn.Sub("FILL(visible, 0) + FILL(inflight, 0) + IF(FILL(age, 0) > ${OldestMessageScaleOutSeconds}, 1000, 0)"),
                    ["Label"] = "backlog",
                    ["ReturnData"] = true,
                }),
        });
    }

    private static JsonObject Step(double lower, double? upper, JsonNode tasks)
    {
        var step = new JsonObject { ["MetricIntervalLowerBound"] = lower, ["ScalingAdjustment"] = tasks };
        if (upper is { } bound)
        {
            step["MetricIntervalUpperBound"] = bound;
        }

        return step;
    }

    private static JsonObject QueueMetric(string id, string metric, WorkerDeclaration worker) => new()
    {
        ["Id"] = id,
        ["ReturnData"] = false,
        ["MetricStat"] = new JsonObject
        {
            ["Period"] = 60,
            ["Stat"] = "Maximum",
            ["Metric"] = new JsonObject
            {
                ["Namespace"] = "AWS/SQS",
                ["MetricName"] = metric,
                // The queue's name is the last segment of its URL: https://sqs.<region>.amazonaws.com/<account>/<name>.
                ["Dimensions"] = Cfn.List(new JsonObject
                {
                    ["Name"] = "QueueName",
                    ["Value"] = new JsonObject { ["Fn::Select"] = Cfn.List(4, new JsonObject { ["Fn::Split"] = Cfn.List("/", Cfn.Import(worker.QueueUrlOutput)) }) },
                }),
            },
        },
    };
}

/// <summary>Logical ids from worker names: alphanumeric, each hyphenated part capitalised (noise-HydePark → NoiseHydePark).</summary>
internal static class LogicalIds
{
    public static string Of(string name) =>
        string.Concat(name.Split('-', StringSplitOptions.RemoveEmptyEntries)
            .Select(part => new string([.. part.Where(char.IsAsciiLetterOrDigit)]))
            .Where(part => part.Length > 0)
            .Select(part => char.ToUpperInvariant(part[0]) + part[1..]));
}
