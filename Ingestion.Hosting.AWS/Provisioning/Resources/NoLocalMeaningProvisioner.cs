namespace Ingestion.Hosting.AWS.Provisioning.Resources;

/// <summary>
/// Resource types the emulators have no counterpart for (IAM, alarms, topic and bucket policies,
/// secrets):
/// listed as skipped with the reason, never dropped silently. They still answer Ref and
/// Fn::GetAtt Arn with the values AWS would give, so outputs such as role ARNs resolve.
/// </summary>
internal sealed class NoLocalMeaningProvisioner : IResourceProvisioner
{
    private const string NoIam = "no local meaning: the emulators enforce no IAM";

    private static readonly Dictionary<string, (string Reason, Func<StackContext, string, string> Arn, bool RefIsArn)> Types = new(StringComparer.Ordinal)
    {
        ["AWS::IAM::Role"] = (NoIam, (s, name) => s.Arn("iam", $"role/{name}", regional: false), false),
        ["AWS::IAM::Policy"] = (NoIam, (s, name) => name, false),
        ["AWS::IAM::ManagedPolicy"] = (NoIam, (s, name) => s.Arn("iam", $"policy/{name}", regional: false), true),
        ["AWS::IAM::InstanceProfile"] = (NoIam, (s, name) => s.Arn("iam", $"instance-profile/{name}", regional: false), false),
        ["AWS::SNS::TopicPolicy"] = ("no local meaning: the emulator enforces no access policies", (s, name) => name, false),
        ["AWS::CloudWatch::Alarm"] = ("no local meaning: there is no CloudWatch locally (the AppHost's dashboard shows queue depths)", (s, name) => s.Arn("cloudwatch", $"alarm:{name}"), false),
        ["AWS::CloudWatch::Dashboard"] = ("no local meaning: there is no CloudWatch locally", (s, name) => name, false),
        ["AWS::S3::BucketPolicy"] = ("no local meaning: the emulator's S3 has no bucket policies (and serves plain HTTP on loopback)", (s, name) => name, false),
        // Ref is the ARN, which ends in six random characters on AWS; a fixed six here.
        ["AWS::SecretsManager::Secret"] = ("no local meaning: there is no Secrets Manager locally (the API keys are Aspire parameters)", (s, name) => s.Arn("secretsmanager", $"secret:{name}-000000"), true),
    };

    public IReadOnlyCollection<string> ResourceTypes => Types.Keys;

    public Task<ProvisionedResource> ProvisionAsync(ResourceRequest request, CancellationToken cancellationToken)
    {
        var (reason, arn, refIsArn) = Types[request.Type];
        var props = request.Properties;
        var name = new[] { "RoleName", "ManagedPolicyName", "PolicyName", "InstanceProfileName", "AlarmName", "DashboardName", "Name" }
            .Where(props.Has).Select(props.String).FirstOrDefault() ?? request.Stack.GeneratedName(request.LogicalId);
        var arnValue = arn(request.Stack, name);
        var values = new Dictionary<string, string>(StringComparer.Ordinal) { ["Arn"] = arnValue };
        if (request.Type == "AWS::IAM::ManagedPolicy")
        {
            values["PolicyArn"] = arnValue;
        }

        var resource = new ProvisionedResource(request.LogicalId, request.Type, ResourceOutcome.Skipped, refIsArn ? arnValue : name, values, [reason]);
        return Task.FromResult(resource);
    }
}
