using System.Text.Json.Nodes;

namespace Ingestion.Deployment.Compute;

/// <summary>
/// A Fargate task: the service's container and an AWS Distro for OpenTelemetry collector beside it,
/// which receives the service's OTLP and sends traces to X-Ray and metrics to CloudWatch (EMF).
/// </summary>
internal static class TaskDefinitions
{
    public const string CollectorContainer = "otel-collector";

    /// <summary>
    /// Seconds ECS waits after SIGTERM before SIGKILL (Fargate allows 120). A worker's host waits its
    /// poller's ShutdownGracePeriod (20 s) plus 20 s, i.e. 40 s (Ingestion.Workers/IngestionWorkerExtensions.cs);
    /// 60 s leaves room for the last deletes and the telemetry flush.
    /// </summary>
    public const int StopTimeoutSeconds = 60;

    public static JsonObject Create(string family, string container, JsonNode image, JsonNode taskRoleArn, SortedDictionary<string, JsonNode> environment, string cpu, string memory, int? port)
    {
        var app = new JsonObject
        {
            ["Name"] = container,
            ["Image"] = image,
            ["Essential"] = true,
            ["Environment"] = ServiceEnvironments.ToContainerEnvironment(environment),
            ["StopTimeout"] = StopTimeoutSeconds,
            ["ReadonlyRootFilesystem"] = false,
            ["LogConfiguration"] = Logs(family),
            // Started after the collector, so stopped before it: the last spans still reach X-Ray.
            ["DependsOn"] = Cfn.List(new JsonObject { ["ContainerName"] = CollectorContainer, ["Condition"] = "START" }),
        };
        if (port is { } p)
        {
            app["PortMappings"] = Cfn.List(new JsonObject { ["ContainerPort"] = p, ["Protocol"] = "tcp" });
        }

        var collector = new JsonObject
        {
            ["Name"] = CollectorContainer,
            ["Image"] = Cfn.Ref("CollectorImage"),
            // Telemetry must never take the service down with it.
            ["Essential"] = false,
            // The image's ECS configuration: OTLP in on 4317/4318, traces to X-Ray, metrics as EMF to CloudWatch.
            ["Command"] = Cfn.List("--config=/etc/ecs/ecs-default-config.yaml"),
            ["StopTimeout"] = StopTimeoutSeconds,
            ["LogConfiguration"] = Logs($"{family}-otel"),
        };

        return Cfn.Resource("AWS::ECS::TaskDefinition", new JsonObject
        {
            ["Family"] = Cfn.Sub($"${{AWS::StackName}}-{family}"),
            ["Cpu"] = cpu,
            ["Memory"] = memory,
            ["NetworkMode"] = "awsvpc",
            ["RequiresCompatibilities"] = Cfn.List("FARGATE"),
            ["RuntimePlatform"] = new JsonObject { ["OperatingSystemFamily"] = "LINUX", ["CpuArchitecture"] = "X86_64" },
            ["ExecutionRoleArn"] = Cfn.GetAtt("TaskExecutionRole", "Arn"),
            ["TaskRoleArn"] = taskRoleArn,
            ["ContainerDefinitions"] = Cfn.List(app, collector),
        });
    }

    private static JsonObject Logs(string prefix) => new()
    {
        ["LogDriver"] = "awslogs",
        ["Options"] = new JsonObject
        {
            ["awslogs-group"] = Cfn.Ref("LogGroup"),
            ["awslogs-region"] = Cfn.Ref("AWS::Region"),
            ["awslogs-stream-prefix"] = prefix,
        },
    };
}
