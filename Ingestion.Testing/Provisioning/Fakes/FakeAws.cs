using Ingestion.Hosting.AWS.Provisioning;
using Ingestion.Tests.Api;

namespace Ingestion.Tests.Provisioning.Fakes;

/// <summary>One set of in-memory clients, kept across deployments so a second run sees the first's resources.</summary>
internal sealed class FakeAws : IDisposable
{
    public FakeSnsClient Sns { get; } = new();

    public FakeSqsClient Sqs { get; } = new();

    public FakeDynamoDbClient DynamoDb { get; } = new();

    public FakeS3Client S3 { get; } = new();

    public LocalAwsClients Clients => new(Sns, Sqs, DynamoDb, S3);

    public void Dispose()
    {
        Sqs.Dispose();
        DynamoDb.Dispose();
        S3.Dispose();
    }
}
