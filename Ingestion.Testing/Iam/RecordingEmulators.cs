using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SQS;
using Ingestion.Messaging.Aws;
using Ingestion.Messaging.Aws.OperationLog;
using Ingestion.Tests.Workers;
using Microsoft.Extensions.Configuration;

using Ingestion.Tests.Support;

namespace Ingestion.Tests.Iam;

/// <summary>
/// The run's dynalite and empty fauxqs (<see cref="EmulatorsOfTheRun"/>), and AWS clients made the
/// way the services make them (<see cref="AwsServiceConfig"/>) with the operation log on, one log
/// file per process name.
/// </summary>
public sealed class RecordingEmulators(EmulatorsOfTheRun emulators) : IDisposable
{
    private static readonly BasicAWSCredentials Credentials = new("test", "test");

    public DynaliteFixture Dynalite { get; } = new(emulators);

    public FauxqsSqsFixture Fauxqs { get; } = new(emulators);

    public string LogDirectory { get; } = Path.Combine(Path.GetTempPath(), $"aws-operations-{Guid.NewGuid():N}");

    /// <summary>The configuration a service of that name would run with, recording on.</summary>
    public IConfiguration ConfigurationFor(string process) => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        [AwsConfigurationKeys.Region] = "us-east-1",
        [AwsConfigurationKeys.Endpoint(AwsConfigurationKeys.DynamoDb)] = DynaliteEndpoint,
        [AwsConfigurationKeys.Endpoint(AwsConfigurationKeys.Sqs)] = Fauxqs.Endpoint.ToString(),
        [AwsConfigurationKeys.Endpoint(AwsConfigurationKeys.S3)] = Fauxqs.Endpoint.ToString(),
        [AwsConfigurationKeys.Endpoint(AwsConfigurationKeys.Sns)] = Fauxqs.Endpoint.ToString(),
        [AwsOperationLogOptions.DirectoryKey] = LogDirectory,
        [AwsOperationLogOptions.ProcessKey] = process,
    }).Build();

    public AmazonDynamoDBClient DynamoDbFor(string process) =>
        new(Credentials, AwsServiceConfig.Configure(new AmazonDynamoDBConfig { MaxErrorRetry = 0 }, ConfigurationFor(process), AwsConfigurationKeys.DynamoDb));

    public AmazonSQSClient SqsFor(string process) =>
        new(Credentials, AwsServiceConfig.Configure(new AmazonSQSConfig { MaxErrorRetry = 0 }, ConfigurationFor(process), AwsConfigurationKeys.Sqs));

    public AmazonS3Client S3For(string process) =>
        new(Credentials, AwsServiceConfig.Configure(new AmazonS3Config { ForcePathStyle = true, MaxErrorRetry = 0 }, ConfigurationFor(process), AwsConfigurationKeys.S3));

    public IReadOnlyList<AwsOperation> Recorded(string process) =>
        File.Exists(Path.Combine(LogDirectory, process + ".jsonl")) ? AwsOperationLog.Read(Path.Combine(LogDirectory, process + ".jsonl")) : [];

    private string DynaliteEndpoint => Dynalite.Client.Config.ServiceURL;

    public void Dispose()
    {
        Fauxqs.Dispose();
        Dynalite.Dispose();
        if (Directory.Exists(LogDirectory))
        {
            Directory.Delete(LogDirectory, recursive: true);
        }
    }
}
