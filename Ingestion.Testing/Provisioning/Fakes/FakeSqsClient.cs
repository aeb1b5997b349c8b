using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace Ingestion.Tests.Provisioning.Fakes;

/// <summary>The SDK client with the four calls provisioning makes answered from memory (the SDK's methods are virtual).</summary>
internal sealed class FakeSqsClient()
    : AmazonSQSClient(new BasicAWSCredentials("test", "test"), new AmazonSQSConfig { ServiceURL = "http://127.0.0.1:9" })
{
    public Dictionary<string, Dictionary<string, string>> Queues { get; } = new(StringComparer.Ordinal);

    public int SetAttributeCalls { get; private set; }

    public static string UrlOf(string name) => $"http://127.0.0.1:4566/000000000000/{name}";

    public override Task<CreateQueueResponse> CreateQueueAsync(CreateQueueRequest request, CancellationToken cancellationToken = default)
    {
        var url = UrlOf(request.QueueName);
        var attributes = new Dictionary<string, string>(request.Attributes ?? [], StringComparer.Ordinal)
        {
            ["QueueArn"] = $"arn:aws:sqs:us-east-1:000000000000:{request.QueueName}",
        };
        Queues.TryAdd(url, attributes);
        return Task.FromResult(new CreateQueueResponse { QueueUrl = url });
    }

    public override Task<GetQueueUrlResponse> GetQueueUrlAsync(GetQueueUrlRequest request, CancellationToken cancellationToken = default) =>
        Queues.ContainsKey(UrlOf(request.QueueName))
            ? Task.FromResult(new GetQueueUrlResponse { QueueUrl = UrlOf(request.QueueName) })
            : throw new QueueDoesNotExistException("The specified queue does not exist.");

    public override Task<GetQueueAttributesResponse> GetQueueAttributesAsync(GetQueueAttributesRequest request, CancellationToken cancellationToken = default)
    {
        var attributes = Queues[request.QueueUrl];
        var wanted = request.AttributeNames.Contains("All") ? attributes : attributes.Where(a => request.AttributeNames.Contains(a.Key)).ToDictionary();
        return Task.FromResult(new GetQueueAttributesResponse { Attributes = new Dictionary<string, string>(wanted) });
    }

    public override Task<SetQueueAttributesResponse> SetQueueAttributesAsync(SetQueueAttributesRequest request, CancellationToken cancellationToken = default)
    {
        SetAttributeCalls++;
        foreach (var (key, value) in request.Attributes)
        {
            Queues[request.QueueUrl][key] = value;
        }

        return Task.FromResult(new SetQueueAttributesResponse());
    }
}
