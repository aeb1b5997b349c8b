using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SQS;
using Ingestion.Messaging.Sns;

namespace Ingestion.Benchmarks.Topology;

/// <summary>AWS clients on the emulators, configured as the services configure theirs (SDK defaults, our SNS client).</summary>
internal sealed class BenchmarkAws : IDisposable
{
    private const string Region = "us-east-1";

    // Emulators accept any key; these are not secrets.
    private static readonly BasicAWSCredentials EmulatorCredentials = new("test", "test");

    private readonly HttpClient _snsHttp = new(new SocketsHttpHandler { MaxConnectionsPerServer = 256 });

    public BenchmarkAws(BenchmarkEndpoints endpoints)
    {
        Sqs = new AmazonSQSClient(EmulatorCredentials, new AmazonSQSConfig { ServiceURL = endpoints.Fauxqs.ToString(), AuthenticationRegion = Region });
        DynamoDb = new AmazonDynamoDBClient(EmulatorCredentials, new AmazonDynamoDBConfig { ServiceURL = endpoints.Dynalite.ToString(), AuthenticationRegion = Region });
        S3 = new AmazonS3Client(EmulatorCredentials, new AmazonS3Config { ServiceURL = endpoints.Fauxqs.ToString(), AuthenticationRegion = Region, ForcePathStyle = true });
        Sns = new SnsClient(_snsHttp, new SnsClientOptions { ServiceUrl = endpoints.Fauxqs, Region = Region, Credentials = EmulatorCredentials });
    }

    public AmazonSQSClient Sqs { get; }

    public AmazonDynamoDBClient DynamoDb { get; }

    public AmazonS3Client S3 { get; }

    public SnsClient Sns { get; }

    public void Dispose()
    {
        Sqs.Dispose();
        DynamoDb.Dispose();
        S3.Dispose();
        _snsHttp.Dispose();
    }
}
