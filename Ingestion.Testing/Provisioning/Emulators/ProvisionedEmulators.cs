using Amazon.DynamoDBv2;
using Amazon.S3;
using Amazon.SQS;
using Ingestion.Hosting.AWS.Provisioning;
using Ingestion.Messaging.Sns;
using Ingestion.Tests.Support;

namespace Ingestion.Tests.Provisioning.Emulators;

/// <summary>
/// The run's fauxqs and dynalite with the production template deployed twice: the first
/// deployment (the run's, <see cref="EmulatorsOfTheRun"/>) creates, the second must find
/// everything in place.
/// </summary>
public sealed class ProvisionedEmulators(EmulatorsOfTheRun emulators) : IAsyncLifetime
{
    public ISnsClient Sns => emulators.Stack.Sns;

    public Uri SnsEndpoint => emulators.StackFauxqsEndpoint;

    public IAmazonSQS Sqs => emulators.Stack.Sqs;

    public IAmazonDynamoDB DynamoDb => emulators.Stack.DynamoDb;

    public IAmazonS3 S3 => emulators.Stack.S3;

    public DeploymentResult First => emulators.Deployment;

    public DeploymentResult Second { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Second = await emulators.DeployTemplateAsync(TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
