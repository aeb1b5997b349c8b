using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using Amazon.Runtime;

namespace Ingestion.Tests.Workers;

/// <summary>
/// Measures what DynamoDB would charge: asks for ReturnConsumedCapacity=TOTAL on every request
/// (dynalite computes it as DynamoDB does, by item size) and adds up the read and write units.
/// </summary>
internal sealed class CapacityMeter : HttpClientFactory
{
    private readonly Lazy<HttpClient> _client;
    private double _readUnits;
    private double _writeUnits;

    public CapacityMeter() => _client = new(() => new HttpClient(new MeteringHandler(this) { InnerHandler = new SocketsHttpHandler() }));

    public (double Read, double Write) Units
    {
        get
        {
            lock (_client)
            {
                return (_readUnits, _writeUnits);
            }
        }
    }

    public AmazonDynamoDBClient Client(Uri endpoint) => new(
        new BasicAWSCredentials("test", "test"),
        new AmazonDynamoDBConfig { ServiceURL = endpoint.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0, HttpClientFactory = this });

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => _client.Value;

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

    private void Add(string operation, double units)
    {
        lock (_client)
        {
            if (operation is "GetItem" or "BatchGetItem" or "Query" or "Scan")
            {
                _readUnits += units;
            }
            else
            {
                _writeUnits += units;
            }
        }
    }

    private sealed class MeteringHandler(CapacityMeter meter) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var target = request.Headers.TryGetValues("X-Amz-Target", out var values) ? values.First() : "";
            var operation = target[(target.LastIndexOf('.') + 1)..];
            if (request.Content is not null && operation.Length > 0)
            {
                var body = JsonNode.Parse(await request.Content.ReadAsStringAsync(cancellationToken))!.AsObject();
                body["ReturnConsumedCapacity"] = "TOTAL";
                var contentType = request.Content.Headers.ContentType;
                request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8);
                request.Content.Headers.ContentType = contentType;
            }

            var response = await base.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (text.Contains("ConsumedCapacity", StringComparison.Ordinal))
            {
                using var document = JsonDocument.Parse(text);
                var consumed = document.RootElement.GetProperty("ConsumedCapacity");
                var entries = consumed.ValueKind == JsonValueKind.Array ? consumed.EnumerateArray().ToList() : [consumed];
                meter.Add(operation, entries.Sum(entry => entry.TryGetProperty("CapacityUnits", out var units) ? units.GetDouble() : 0));
            }

            // The SDK checks a CRC32 of the body it reads, so give it back the bytes as they came.
            var replaced = new StringContent(text, Encoding.UTF8);
            replaced.Headers.ContentType = response.Content.Headers.ContentType;
            response.Content = replaced;
            return response;
        }
    }
}
