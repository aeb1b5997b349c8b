using Amazon.Runtime;

namespace Ingestion.Messaging.Aws;

/// <summary>Gives an AWS SDK client an HttpClient whose requests pass through <see cref="AwsHttpHandlers"/>' handlers.</summary>
internal sealed class AwsHttpClientFactory(IReadOnlyList<Func<DelegatingHandler>> handlers) : HttpClientFactory
{
    private readonly Lazy<HttpClient> _client = new(() => new HttpClient(AwsHttpHandlers.Chain(handlers)));

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => _client.Value;

    // One shared client for the process, never disposed by the SDK.
    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;
}
