using Amazon.Runtime;
using Amazon.SQS;
using Ingestion.Tests.Support;

namespace Ingestion.Tests.Support;

/// <summary>A real fauxqs (SQS) on a free loopback port, for one test class.</summary>
public sealed class FauxqsFixture : IAsyncLifetime
{
    private NodeEmulator? _fauxqs;

    public AmazonSQSClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        _fauxqs = await NodeEmulator.StartFauxqsAsync(TestContext.Current.CancellationToken);
        Client = new AmazonSQSClient(
            new BasicAWSCredentials("test", "test"),
            new AmazonSQSConfig { ServiceURL = _fauxqs.Endpoint.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (_fauxqs is not null)
        {
            await _fauxqs.DisposeAsync();
        }
    }
}
