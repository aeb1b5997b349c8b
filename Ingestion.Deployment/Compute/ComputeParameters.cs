using System.Text.Json.Nodes;

namespace Ingestion.Deployment.Compute;

/// <summary>The compute stack's parameters: what deploy/deploy.sh passes, and the knobs with their defaults.</summary>
internal static class ComputeParameters
{
    public static JsonObject Declarations() => new()
    {
        [Cfn.DataPlaneStack] = Text("The data-plane stack (cloudformation/ingestion.yaml) whose exports this stack imports."),
        ["ApiImage"] = Text("The API image (ECR URI with tag), from dotnet publish -t:PublishContainer."),
        ["WorkerImage"] = Text("The worker image (ECR URI with tag); one image for every worker, configured by environment."),
        ["CollectorImage"] = Text("The AWS Distro for OpenTelemetry collector image.", "public.ecr.aws/aws-observability/aws-otel-collector:v0.43.3"),
        ["CertificateArn"] = Text("An ACM certificate for the load balancer; with it the API is served over HTTPS and HTTP redirects.", ""),
        ["AlarmEmail"] = Text("An e-mail address subscribed to the alarm topic (confirm the message AWS sends); empty for none.", ""),
        ["LogRetentionDays"] = new JsonObject
        {
            ["Type"] = "Number",
            ["Default"] = 30,
            ["AllowedValues"] = new JsonArray(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1827, 3653),
            ["Description"] = "Days CloudWatch Logs keeps the services' logs.",
        },
        ["ApiMinTasks"] = Number("API tasks at least (two, in two zones, so one can fail or be replaced).", 2, 2),
        ["ApiMaxTasks"] = Number("API tasks at most.", 10, 2),
        ["WorkerMaxTasks"] = Number("Tasks per worker at most (a worker scales from zero on its queue's backlog).", 4, 1),
        ["OldestMessageScaleOutSeconds"] = Number("A queue whose oldest message is older than this scales its worker to WorkerMaxTasks.", 300, 1),
        ["OldestMessageAlarmSeconds"] = Number("Alarm when any queue's oldest message is older than this (queues keep messages 4 days, dead-letter queues 14).", 3600, 60),
        ["Api5xxAlarmPercent"] = Number("Alarm when more than this percentage of the API's requests fail with a 5xx.", 1, 0),
    };

    private static JsonObject Text(string description, string? defaultValue = null)
    {
        var parameter = new JsonObject { ["Type"] = "String", ["Description"] = description };
        if (defaultValue is not null)
        {
            parameter["Default"] = defaultValue;
        }

        return parameter;
    }

    private static JsonObject Number(string description, int defaultValue, int min) =>
        new() { ["Type"] = "Number", ["Default"] = defaultValue, ["MinValue"] = min, ["Description"] = description };
}
