using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace Ingestion.Tests.Provisioning.Fakes;

internal sealed class FakeS3Client()
    : AmazonS3Client(new BasicAWSCredentials("test", "test"), new AmazonS3Config { ServiceURL = "http://127.0.0.1:9", ForcePathStyle = true })
{
    public HashSet<string> Buckets { get; } = new(StringComparer.Ordinal);

    public override Task<ListBucketsResponse> ListBucketsAsync(ListBucketsRequest request, CancellationToken cancellationToken = default) =>
        Task.FromResult(new ListBucketsResponse { Buckets = [.. Buckets.Select(name => new S3Bucket { BucketName = name })] });

    public override Task<PutBucketResponse> PutBucketAsync(PutBucketRequest request, CancellationToken cancellationToken = default)
    {
        Buckets.Add(request.BucketName);
        return Task.FromResult(new PutBucketResponse());
    }
}
