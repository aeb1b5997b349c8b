using Amazon.Runtime;

namespace Ingestion.Messaging.Aws.OperationLog;

/// <summary>Gives an AWS SDK client an HttpClient whose requests pass through <see cref="AwsOperationRecordingHandler"/>.</summary>
internal sealed class RecordingHttpClientFactory(AwsOperationLog log) : HttpClientFactory
{
    private readonly Lazy<HttpClient> _client = new(() => new HttpClient(new AwsOperationRecordingHandler(log) { InnerHandler = new SocketsHttpHandler() }));

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => _client.Value;

    // One shared client for the process, never disposed by the SDK.
    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;
}
