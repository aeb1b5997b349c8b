using Amazon.S3;
using Amazon.S3.Model;

namespace Ingestion.Hosting.AWS.Provisioning.Resources;

/// <summary>AWS::S3::Bucket in fauxqs's S3 (for replay archives). Ref is the bucket name.</summary>
internal sealed class S3BucketProvisioner(IAmazonS3 s3) : IResourceProvisioner
{
    public IReadOnlyCollection<string> ResourceTypes { get; } = ["AWS::S3::Bucket"];

    public async Task<ProvisionedResource> ProvisionAsync(ResourceRequest request, CancellationToken cancellationToken)
    {
        var props = request.Properties;
        var name = props.String("BucketName") ?? request.Stack.GeneratedName(request.LogicalId).ToLowerInvariant();
        props.NoLocalMeaning("the emulator keeps objects as they are written, with no versions, lifecycle or encryption",
            "VersioningConfiguration", "LifecycleConfiguration", "BucketEncryption", "ObjectLockEnabled", "ObjectLockConfiguration", "IntelligentTieringConfigurations");
        props.NoLocalMeaning("the emulator enforces no access control", "PublicAccessBlockConfiguration", "OwnershipControls", "AccessControl");
        props.NoLocalMeaning("tags have no local use", "Tags");
        props.RejectUnread();

        var buckets = await s3.ListBucketsAsync(new ListBucketsRequest(), cancellationToken);
        var exists = buckets.Buckets?.Any(b => b.BucketName == name) ?? false;
        if (!exists)
        {
            await s3.PutBucketAsync(new PutBucketRequest { BucketName = name }, cancellationToken);
        }

        var stack = request.Stack;
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Arn"] = stack.Arn("s3", name, regional: false, withAccount: false),
            ["DomainName"] = $"{name}.s3.{stack.UrlSuffix}",
            ["RegionalDomainName"] = $"{name}.s3.{stack.Region}.{stack.UrlSuffix}",
        };
        var outcome = exists ? ResourceOutcome.Existing : ResourceOutcome.Created;
        return new ProvisionedResource(request.LogicalId, request.Type, outcome, name, values, props.Notes);
    }
}
