using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;
using Amazon.SQS.Model;
using Amazon.S3.Model;
using Ingestion.Hosting.AWS.Provisioning;
using Ingestion.Hosting.AWS.Provisioning.Resources;
using Ingestion.Hosting.AWS.Provisioning.Template;
using Ingestion.Tests.Support;
using Ingestion.Topology.Metadata;

namespace Ingestion.Tests.Provisioning.Emulators;

/// <summary>The production template deployed (twice) into real fauxqs and dynalite, checked through the AWS SDKs.</summary>
public sealed class EmulatorDeploymentTests(ProvisionedEmulators emulators) : IClassFixture<ProvisionedEmulators>
{
    private static readonly string[] Sources = ["sourceA", "sourceB", "sourceC"];

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public void FirstDeploymentCreatesEverythingButIamSecretsAndTheBucketPolicy() =>
        Assert.All(emulators.First.Resources, r => Assert.Equal(
            r.Type is "AWS::IAM::Role" or "AWS::IAM::Policy" or "AWS::SecretsManager::Secret" or "AWS::S3::BucketPolicy" ? ResourceOutcome.Skipped : ResourceOutcome.Created,
            r.Outcome));

    [Fact]
    public void SecondDeploymentFindsEverythingInPlaceWithTheSameOutputs()
    {
        Assert.All(emulators.Second.Resources, r => Assert.Contains(r.Outcome, new[] { ResourceOutcome.Existing, ResourceOutcome.Skipped }));
        Assert.Equal(emulators.First.Outputs.Outputs, emulators.Second.Outputs.Outputs);
    }

    [Fact]
    public async Task EachSourceQueueIsFifoAndRedrivesToItsDeadLetterQueue()
    {
        var outputs = emulators.Second.Outputs.Outputs;
        foreach (var source in Sources)
        {
            var queue = await AttributesAsync(outputs[$"{source}QueueUrl"]);
            var dlq = await AttributesAsync(outputs[$"{source}DeadLetterQueueUrl"]);
            Assert.Equal("true", queue["FifoQueue"]);
            Assert.Equal("true", dlq["FifoQueue"]);
            Assert.Equal($"arn:aws:sqs:us-east-1:000000000000:ingestion-{source}.fifo", queue["QueueArn"]);
            Assert.Equal("true", queue["SqsManagedSseEnabled"]);
            Assert.Equal("true", dlq["SqsManagedSseEnabled"]);
            var redrive = JsonNode.Parse(queue["RedrivePolicy"])!;
            Assert.Equal(dlq["QueueArn"], redrive["deadLetterTargetArn"]!.GetValue<string>());
            Assert.Equal("5", redrive["maxReceiveCount"]!.ToString());
            Assert.Equal("messageGroup", queue["DeduplicationScope"]);
            Assert.Equal("perMessageGroupId", queue["FifoThroughputLimit"]);
            Assert.Contains(outputs["IngestionTopicArn"], queue["Policy"], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TableHasTheIdKeyAndOnlyTheSparseEpisodeIndex()
    {
        var table = (await emulators.DynamoDb.DescribeTableAsync(new DescribeTableRequest { TableName = emulators.Second.Outputs.Outputs["DataStoreTableName"] }, Cancellation)).Table;
        Assert.Equal("ID", Assert.Single(table.KeySchema).AttributeName);
        var index = Assert.Single(table.GlobalSecondaryIndexes);
        Assert.Equal("EpisodesByLocation", index.IndexName);
        Assert.Equal(["EPISODE_LOCATION:HASH", "EPISODE_START:RANGE"], index.KeySchema.Select(key => $"{key.AttributeName}:{key.KeyType.Value}"));
        Assert.Equal("ALL", index.Projection.ProjectionType.Value);
        Assert.Equal(emulators.Second.Outputs.Outputs["DataStoreTableArn"], table.TableArn);
    }

    [Fact]
    public async Task TopicIsAHighThroughputFifoTopic()
    {
        var topic = await emulators.Sns.GetTopicAttributesAsync(emulators.Second.Outputs.Outputs["IngestionTopicArn"], Cancellation);
        Assert.Equal("true", topic["FifoTopic"]);
        Assert.Equal("false", topic["ContentBasedDeduplication"]);
        Assert.Equal("MessageGroup", topic["FifoThroughputScope"]);
        Assert.Equal("alias/aws/sns", topic["KmsMasterKeyId"]);
    }

    [Fact]
    public async Task EachQueueIsSubscribedOnceWithItsSourceFilterAndRawDelivery()
    {
        var outputs = emulators.Second.Outputs.Outputs;
        var subscriptions = await emulators.Sns.ListSubscriptionsByTopicAsync(outputs["IngestionTopicArn"], Cancellation);
        Assert.Equal(WorkerMetadataReader.Read(CloudFormationTemplate.Load(RepositoryFiles.Template), outputs).Count, subscriptions.Count); // one subscription per worker queue
        foreach (var source in Sources)
        {
            var subscription = Assert.Single(subscriptions, s => s.Endpoint == $"arn:aws:sqs:us-east-1:000000000000:ingestion-{source}.fifo");
            // Read back through the AWS SDK for JavaScript, an independent client, not through our own SNS client.
            var reply = await AwsJs.SendAsync("sns", "GetSubscriptionAttributes", emulators.SnsEndpoint, new() { ["SubscriptionArn"] = subscription.SubscriptionArn }, Cancellation);
            var attributes = reply["Attributes"]!;
            Assert.Equal(source, JsonNode.Parse(attributes["FilterPolicy"]!.GetValue<string>())!["source"]!.AsArray().Single()!.GetValue<string>());
            Assert.Equal("true", attributes["RawMessageDelivery"]!.GetValue<string>());
            // fauxqs keeps the subscription's dead-letter queue (it never moves anything there).
            var redrive = JsonNode.Parse(attributes["RedrivePolicy"]!.GetValue<string>())!;
            Assert.Equal($"arn:aws:sqs:us-east-1:000000000000:ingestion-{source}-undelivered.fifo", redrive["deadLetterTargetArn"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task BucketIsCreatedOnceInTheEmulatorsS3()
    {
        var template = CloudFormationTemplate.Parse("""
            Resources:
              ReplayArchive:
                Type: AWS::S3::Bucket
                Properties:
                  BucketName: !Sub '${AWS::StackName}-replay-archive'
            """);
        var clients = new LocalAwsClients(emulators.Sns, emulators.Sqs, emulators.DynamoDb, emulators.S3);
        var deployer = new EmulatorDeployer();
        var first = await deployer.DeployAsync(template, new Dictionary<string, string>(), clients, new StackContext(), Cancellation);
        var second = await deployer.DeployAsync(template, new Dictionary<string, string>(), clients, new StackContext(), Cancellation);

        Assert.Equal(ResourceOutcome.Created, Assert.Single(first.Resources).Outcome);
        Assert.Equal(ResourceOutcome.Existing, Assert.Single(second.Resources).Outcome);
        var buckets = await emulators.S3.ListBucketsAsync(new ListBucketsRequest(), Cancellation);
        Assert.Single(buckets.Buckets, b => b.BucketName == "ingestion-replay-archive");
    }

    private async Task<Dictionary<string, string>> AttributesAsync(string queueUrl) =>
        (await emulators.Sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = queueUrl, AttributeNames = ["All"] }, Cancellation)).Attributes;
}
