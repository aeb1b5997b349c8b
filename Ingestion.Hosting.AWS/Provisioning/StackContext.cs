namespace Ingestion.Hosting.AWS.Provisioning;

/// <summary>Where a stack is deployed: what the pseudo parameters AWS::StackName, AWS::Region and AWS::AccountId say.</summary>
/// <param name="AccountId">The emulators' fixed account by default; fauxqs builds its ARNs with it.</param>
public sealed record StackContext(string StackName = "ingestion", string Region = "us-east-1", string AccountId = "000000000000")
{
    public string Partition => Region switch
    {
        _ when Region.StartsWith("cn-", StringComparison.Ordinal) => "aws-cn",
        _ when Region.StartsWith("us-gov-", StringComparison.Ordinal) => "aws-us-gov",
        _ => "aws",
    };

    public string UrlSuffix => Partition == "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";

    /// <summary>The name CloudFormation would generate for a resource without an explicit one, minus its random suffix (so re-runs find it).</summary>
    public string GeneratedName(string logicalId) => $"{StackName}-{logicalId}";

    public string Arn(string service, string resource, bool regional = true, bool withAccount = true) =>
        $"arn:{Partition}:{service}:{(regional ? Region : string.Empty)}:{(withAccount ? AccountId : string.Empty)}:{resource}";
}
