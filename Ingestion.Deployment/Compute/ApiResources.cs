using System.Text.Json.Nodes;
using Ingestion.Hosting.AWS.CloudFormation;
using Ingestion.Topology.Metadata;

namespace Ingestion.Deployment.Compute;

/// <summary>The API: an ECS service of at least ApiMinTasks (2) tasks behind an Application Load Balancer, scaled on CPU.</summary>
internal static class ApiResources
{
    public static void Add(JsonObject resources, IReadOnlyList<WorkerDeclaration> workers)
    {
        resources["LoadBalancer"] = Cfn.Resource("AWS::ElasticLoadBalancingV2::LoadBalancer", new JsonObject
        {
            ["Type"] = "application",
            ["Scheme"] = "internet-facing",
            ["Subnets"] = Network.Subnets(),
            ["SecurityGroups"] = Cfn.List(Cfn.Ref("LoadBalancerSecurityGroup")),
        }, null, "DefaultRoute");
        resources["ApiTargetGroup"] = Cfn.Resource("AWS::ElasticLoadBalancingV2::TargetGroup", new JsonObject
        {
            ["TargetType"] = "ip",
            ["Protocol"] = "HTTP",
            ["Port"] = ServiceEnvironments.ApiPort,
            ["VpcId"] = Cfn.Ref("Vpc"),
            ["HealthCheckPath"] = "/health",
            ["HealthCheckIntervalSeconds"] = 15,
            ["HealthyThresholdCount"] = 2,
            // Shorter than the task's stop timeout: a stopping task leaves the rotation before it is killed.
            ["TargetGroupAttributes"] = Cfn.List(new JsonObject { ["Key"] = "deregistration_delay.timeout_seconds", ["Value"] = "30" }),
        });
        var forward = Cfn.List(new JsonObject { ["Type"] = "forward", ["TargetGroupArn"] = Cfn.Ref("ApiTargetGroup") });
        var redirect = Cfn.List(new JsonObject
        {
            ["Type"] = "redirect",
            ["RedirectConfig"] = new JsonObject { ["Protocol"] = "HTTPS", ["Port"] = "443", ["StatusCode"] = "HTTP_301" },
        });
        resources["HttpListener"] = Cfn.Resource("AWS::ElasticLoadBalancingV2::Listener", new JsonObject
        {
            ["LoadBalancerArn"] = Cfn.Ref("LoadBalancer"),
            ["Port"] = 80,
            ["Protocol"] = "HTTP",
            // With a certificate, plain HTTP only redirects: API keys never travel in clear text.
            ["DefaultActions"] = Cfn.If("HasCertificate", redirect, forward),
        });
        resources["HttpsListener"] = Cfn.Resource("AWS::ElasticLoadBalancingV2::Listener", new JsonObject
        {
            ["LoadBalancerArn"] = Cfn.Ref("LoadBalancer"),
            ["Port"] = 443,
            ["Protocol"] = "HTTPS",
            ["SslPolicy"] = "ELBSecurityPolicy-TLS13-1-2-2021-06",
            ["Certificates"] = Cfn.List(new JsonObject { ["CertificateArn"] = Cfn.Ref("CertificateArn") }),
            ["DefaultActions"] = forward.DeepClone(),
        }, "HasCertificate");

        resources["ApiTask"] = TaskDefinitions.Create("api", "api", Cfn.Ref("ApiImage"), Cfn.Import("ApiRoleArn"), ServiceEnvironments.Api(workers), "512", "1024", ServiceEnvironments.ApiPort);
        resources["ApiService"] = Cfn.Resource("AWS::ECS::Service", new JsonObject
        {
            ["Cluster"] = Cfn.Ref("Cluster"),
            ["TaskDefinition"] = Cfn.Ref("ApiTask"),
            ["LaunchType"] = "FARGATE",
            ["DesiredCount"] = Cfn.Ref("ApiMinTasks"),
            ["HealthCheckGracePeriodSeconds"] = 60,
            ["PropagateTags"] = "SERVICE",
            ["EnableECSManagedTags"] = true,
            ["DeploymentConfiguration"] = new JsonObject
            {
                ["MinimumHealthyPercent"] = 100,
                ["MaximumPercent"] = 200,
                ["DeploymentCircuitBreaker"] = new JsonObject { ["Enable"] = true, ["Rollback"] = true },
            },
            ["NetworkConfiguration"] = Network.TaskNetwork("ApiSecurityGroup"),
            ["LoadBalancers"] = Cfn.List(new JsonObject
            {
                ["ContainerName"] = "api",
                ["ContainerPort"] = ServiceEnvironments.ApiPort,
                ["TargetGroupArn"] = Cfn.Ref("ApiTargetGroup"),
            }),
        }, null, "HttpListener");
        resources["ApiScalableTarget"] = Cfn.Resource("AWS::ApplicationAutoScaling::ScalableTarget", new JsonObject
        {
            ["ServiceNamespace"] = "ecs",
            ["ScalableDimension"] = "ecs:service:DesiredCount",
            ["ResourceId"] = Cfn.Sub("service/${Cluster}/${ApiService.Name}"),
            ["MinCapacity"] = Cfn.Ref("ApiMinTasks"),
            ["MaxCapacity"] = Cfn.Ref("ApiMaxTasks"),
        });
        resources["ApiCpuScaling"] = Cfn.Resource("AWS::ApplicationAutoScaling::ScalingPolicy", new JsonObject
        {
            ["PolicyName"] = Cfn.Sub("${AWS::StackName}-api-cpu"),
            ["PolicyType"] = "TargetTrackingScaling",
            ["ScalingTargetId"] = Cfn.Ref("ApiScalableTarget"),
            ["TargetTrackingScalingPolicyConfiguration"] = new JsonObject
            {
                ["TargetValue"] = 60,
                ["PredefinedMetricSpecification"] = new JsonObject { ["PredefinedMetricType"] = "ECSServiceAverageCPUUtilization" },
                ["ScaleInCooldown"] = 300,
                ["ScaleOutCooldown"] = 60,
            },
        });
    }
}
