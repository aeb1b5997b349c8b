using System.Text.Json.Nodes;

namespace Ingestion.Deployment.Compute;

/// <summary>
/// A VPC with two public subnets and no NAT gateway: tasks get a public IP for their outbound calls
/// to AWS (SQS, SNS, DynamoDB, S3, ECR, X-Ray) and accept inbound traffic only from the load balancer
/// (the API) or from nobody (workers). A NAT gateway would cost about $33 a month per zone before data.
/// </summary>
internal static class Network
{
    public static void Add(JsonObject resources)
    {
        resources["Vpc"] = Cfn.Resource("AWS::EC2::VPC", new JsonObject { ["CidrBlock"] = "10.80.0.0/16", ["EnableDnsSupport"] = true, ["EnableDnsHostnames"] = true });
        resources["InternetGateway"] = Cfn.Resource("AWS::EC2::InternetGateway", []);
        resources["GatewayAttachment"] = Cfn.Resource("AWS::EC2::VPCGatewayAttachment", new JsonObject { ["VpcId"] = Cfn.Ref("Vpc"), ["InternetGatewayId"] = Cfn.Ref("InternetGateway") });
        resources["PublicRouteTable"] = Cfn.Resource("AWS::EC2::RouteTable", new JsonObject { ["VpcId"] = Cfn.Ref("Vpc") });
        resources["DefaultRoute"] = Cfn.Resource("AWS::EC2::Route", new JsonObject
        {
            ["RouteTableId"] = Cfn.Ref("PublicRouteTable"),
            ["DestinationCidrBlock"] = "0.0.0.0/0",
            ["GatewayId"] = Cfn.Ref("InternetGateway"),
        }, null, "GatewayAttachment");
        foreach (var (zone, index) in new[] { ("A", 0), ("B", 1) })
        {
            resources[$"Subnet{zone}"] = Cfn.Resource("AWS::EC2::Subnet", new JsonObject
            {
                ["VpcId"] = Cfn.Ref("Vpc"),
                ["CidrBlock"] = $"10.80.{index * 16}.0/20",
                ["AvailabilityZone"] = new JsonObject { ["Fn::Select"] = Cfn.List(index, new JsonObject { ["Fn::GetAZs"] = "" }) },
            });
            resources[$"Subnet{zone}Routes"] = Cfn.Resource("AWS::EC2::SubnetRouteTableAssociation", new JsonObject
            {
                ["SubnetId"] = Cfn.Ref($"Subnet{zone}"),
                ["RouteTableId"] = Cfn.Ref("PublicRouteTable"),
            });
        }

        resources["LoadBalancerSecurityGroup"] = SecurityGroup("API load balancer - HTTP and HTTPS from anywhere.", Ingress(80, cidr: "0.0.0.0/0"), Ingress(443, cidr: "0.0.0.0/0"));
        resources["ApiSecurityGroup"] = SecurityGroup("API tasks - only the load balancer may connect.", Ingress(ServiceEnvironments.ApiPort, fromGroup: "LoadBalancerSecurityGroup"));
        resources["WorkerSecurityGroup"] = SecurityGroup("Worker tasks - nothing may connect, they only call AWS.");
    }

    public static JsonObject TaskNetwork(string securityGroup) => new()
    {
        ["AwsvpcConfiguration"] = new JsonObject
        {
            // Public IP instead of a NAT gateway (see the class comment); the security group admits nothing unasked.
            ["AssignPublicIp"] = "ENABLED",
            ["Subnets"] = Subnets(),
            ["SecurityGroups"] = Cfn.List(Cfn.Ref(securityGroup)),
        },
    };

    public static JsonArray Subnets() => Cfn.List(Cfn.Ref("SubnetA"), Cfn.Ref("SubnetB"));

    private static JsonObject SecurityGroup(string description, params JsonObject[] ingress) =>
        Cfn.Resource("AWS::EC2::SecurityGroup", new JsonObject
        {
            ["GroupDescription"] = description,
            ["VpcId"] = Cfn.Ref("Vpc"),
            ["SecurityGroupIngress"] = new JsonArray([.. ingress]),
        });

    private static JsonObject Ingress(int port, string? cidr = null, string? fromGroup = null)
    {
        var rule = new JsonObject { ["IpProtocol"] = "tcp", ["FromPort"] = port, ["ToPort"] = port };
        if (cidr is not null)
        {
            rule["CidrIp"] = cidr;
        }

        if (fromGroup is not null)
        {
            rule["SourceSecurityGroupId"] = Cfn.GetAtt(fromGroup, "GroupId");
        }

        return rule;
    }
}
