using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using Amazon.Runtime;

namespace Ingestion.Tests.Workers;

/// <summary>
/// A DynamoDB client on dynalite whose every first attempt of a BatchGetItem or BatchWriteItem comes
/// back with nothing done, every key in UnprocessedKeys / UnprocessedItems, as DynamoDB answers under
/// load (dynalite never does). The retry that follows goes through.
/// </summary>
internal sealed class UnprocessedBatches : HttpClientFactory
{
    private readonly Lazy<HttpClient> _client;
    private int _refused;

    public UnprocessedBatches() => _client = new(() => new HttpClient(new RefusingHandler(this) { InnerHandler = new SocketsHttpHandler() }));

    /// <summary>Batches answered with nothing done.</summary>
    public int Refused => Volatile.Read(ref _refused);

    public AmazonDynamoDBClient Client(Uri endpoint) => new(
        new BasicAWSCredentials("test", "test"),
        new AmazonDynamoDBConfig { ServiceURL = endpoint.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0, HttpClientFactory = this });

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => _client.Value;

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

    private sealed class RefusingHandler(UnprocessedBatches owner) : DelegatingHandler
    {
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var target = request.Headers.TryGetValues("X-Amz-Target", out var values) ? values.First() : "";
            var unprocessed = target.EndsWith(".BatchGetItem", StringComparison.Ordinal) ? "UnprocessedKeys"
                : target.EndsWith(".BatchWriteItem", StringComparison.Ordinal) ? "UnprocessedItems"
                : null;
            if (unprocessed is not null && request.Content is not null)
            {
                var body = await request.Content.ReadAsStringAsync(cancellationToken);
                bool first;
                lock (_seen)
                {
                    first = _seen.Add(body);
                }

                if (first)
                {
                    Interlocked.Increment(ref owner._refused);
                    var items = JsonNode.Parse(body)!["RequestItems"]!.DeepClone();
                    var reply = new JsonObject { [unprocessed] = items };
                    if (unprocessed == "UnprocessedKeys")
                    {
                        reply["Responses"] = new JsonObject();
                    }

                    return new HttpResponseMessage(HttpStatusCode.OK)
                    {
                        Content = new StringContent(reply.ToJsonString(), Encoding.UTF8, "application/x-amz-json-1.0"),
                        RequestMessage = request,
                    };
                }
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}
