using System.Text.Json.Nodes;
using Ingestion.Hosting.AWS.CloudFormation;
using Ingestion.Hosting.AWS.Provisioning;
using Ingestion.Hosting.AWS.Provisioning.Resources;
using Ingestion.Hosting.AWS.Provisioning.Template;
using Ingestion.Tests.Provisioning.Fakes;
using Ingestion.Topology.Metadata;

namespace Ingestion.Tests.Provisioning;

/// <summary>cloudformation/ingestion.yaml deployed offline into fakes: every output resolves, every resource is accounted for.</summary>
public sealed class ProductionTemplateTests
{
    private static readonly string[] Sources = ["sourceA", "sourceB", "sourceC"];

    private static readonly string[] Neighbourhoods = ["HydePark", "Woodlawn", "Kenwood"];

    /// <summary>Supply-chain sources, noise neighbourhoods, the noise alert and statistics queues, and the archive.</summary>
    private static readonly int SubscriptionCount = Sources.Length + Neighbourhoods.Length + 3;

    private static Task<DeploymentResult> DeployAsync(FakeAws aws, Dictionary<string, string>? parameters = null) =>
        new EmulatorDeployer().DeployAsync(RepositoryFiles.Template, parameters ?? [], aws.Clients, TestContext.Current.CancellationToken);

    [Fact]
    public async Task EveryDeclaredOutputResolves()
    {
        using var aws = new FakeAws();
        var result = await DeployAsync(aws);
        var declared = CloudFormationTemplate.Load(RepositoryFiles.Template).Outputs.Select(o => o.Key);
        Assert.Equal(declared.Order(), result.Outputs.Outputs.Keys.Order());
        Assert.All(result.Outputs.Outputs.Values, value => Assert.False(string.IsNullOrWhiteSpace(value)));
    }

    [Fact]
    public async Task OutputsCarryTheNamesServicesExpect()
    {
        using var aws = new FakeAws();
        var outputs = (await DeployAsync(aws)).Outputs.Outputs;
        Assert.Equal("arn:aws:sns:us-east-1:000000000000:data-ingestion.fifo", outputs["IngestionTopicArn"]);
        Assert.Equal("data-ingestion.fifo", outputs["IngestionTopicName"]);
        Assert.Equal("datastore", outputs["DataStoreTableName"]);
        Assert.Equal("arn:aws:dynamodb:us-east-1:000000000000:table/datastore", outputs["DataStoreTableArn"]);
        Assert.Equal(FakeSqsClient.UrlOf("ingestion-sourceA.fifo"), outputs["sourceAQueueUrl"]);
        Assert.Equal(FakeSqsClient.UrlOf("ingestion-sourceC-dlq.fifo"), outputs["sourceCDeadLetterQueueUrl"]);
        Assert.Equal(FakeSqsClient.UrlOf("ingestion-noise-Kenwood-dlq.fifo"), outputs["NoiseKenwoodDeadLetterQueueUrl"]);
        Assert.Equal("HydePark,Woodlawn,Kenwood", outputs["NoiseLocations"]);
        Assert.Equal("ingestion/api-keys/", outputs["ApiKeySecretPrefix"]);
        Assert.StartsWith("arn:aws:iam::000000000000:role/", outputs["ApiRoleArn"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task WorkersComeFromTheTemplateMetadata()
    {
        using var aws = new FakeAws();
        var workers = WorkerMetadataReader.Read(CloudFormationTemplate.Load(RepositoryFiles.Template), (await DeployAsync(aws)).Outputs.Outputs);
        Assert.Equal(
            [
                .. Sources.Select(s => new WorkerDeclaration(s, $"{s}QueueUrl", $"{s}DeadLetterQueueUrl", UndeliveredQueueUrlOutput: $"{s}UndeliveredQueueUrl")),
                .. Neighbourhoods.Select(n => new WorkerDeclaration($"noise-{n}", $"Noise{n}QueueUrl", $"Noise{n}DeadLetterQueueUrl")),
                new WorkerDeclaration("noise-alerts", "NoiseAlertsQueueUrl", "NoiseAlertsDeadLetterQueueUrl", "alerts", "NoiseAlertsUndeliveredQueueUrl"),
                new WorkerDeclaration("noise-statistics", "NoiseStatisticsQueueUrl", "NoiseStatisticsDeadLetterQueueUrl", "statistics", "NoiseStatisticsUndeliveredQueueUrl"),
                new WorkerDeclaration("archive", "ArchiveQueueUrl", "ArchiveDeadLetterQueueUrl", "archive", "ArchiveUndeliveredQueueUrl"),
            ],
            workers);
    }

    [Fact]
    public async Task IamSecretsAndTheBucketPolicyAreListedAsSkippedAndEverythingElseIsCreated()
    {
        using var aws = new FakeAws();
        var resources = (await DeployAsync(aws)).Resources;
        var skipped = resources.Where(r => r.Outcome == ResourceOutcome.Skipped).ToList();
        Assert.Equal(
            ["ApiRole", "ArchiveWorkerRole", "NoiseAlertsWorkerRole", "NoiseHydeParkWorkerRole", "NoiseKenwoodWorkerRole", "NoiseStatisticsWorkerRole", "NoiseWoodlawnWorkerRole", "sourceAWorkerRole", "sourceBWorkerRole", "sourceCWorkerRole"],
            skipped.Where(r => r.Type == "AWS::IAM::Role").Select(r => r.LogicalId).Order());
        Assert.Equal(["AWS::IAM::Policy", "AWS::IAM::Role", "AWS::S3::BucketPolicy", "AWS::SecretsManager::Secret"], skipped.Select(r => r.Type).Distinct().Order());
        Assert.Equal(["adminApiKey", "noiseApiKey", "sourceAApiKey", "sourceBApiKey", "sourceCApiKey"], skipped.Where(r => r.Type == "AWS::SecretsManager::Secret").Select(r => r.LogicalId).Order());
        Assert.All(skipped, r => Assert.Contains("no local meaning", r.Notes.Single()));
        Assert.All(resources.Except(skipped), r => Assert.Equal(ResourceOutcome.Created, r.Outcome));
        Assert.Equal(CloudFormationTemplate.Load(RepositoryFiles.Template).Resources.Count, resources.Count);
    }

    [Fact]
    public async Task TopicIsAHighThroughputFifoTopicWithoutContentDeduplication()
    {
        using var aws = new FakeAws();
        await DeployAsync(aws);
        var topic = Assert.Single(aws.Sns.Topics).Value;
        Assert.Equal("true", topic["FifoTopic"]);
        Assert.Equal("false", topic["ContentBasedDeduplication"]);
        Assert.Equal("MessageGroup", topic["FifoThroughputScope"]);
    }

    [Fact]
    public async Task EachSourceQueueRedrivesToItsOwnDeadLetterQueueAfterMaxReceiveCount()
    {
        using var aws = new FakeAws();
        await DeployAsync(aws, new() { ["MaxReceiveCount"] = "3" });
        foreach (var source in Sources)
        {
            var queue = aws.Sqs.Queues[FakeSqsClient.UrlOf($"ingestion-{source}.fifo")];
            var dlq = aws.Sqs.Queues[FakeSqsClient.UrlOf($"ingestion-{source}-dlq.fifo")];
            var redrive = JsonNode.Parse(queue["RedrivePolicy"])!;
            Assert.Equal(dlq["QueueArn"], redrive["deadLetterTargetArn"]!.GetValue<string>());
            Assert.Equal(3, redrive["maxReceiveCount"]!.GetValue<int>());
            Assert.Equal("messageGroup", queue["DeduplicationScope"]);
            Assert.Equal("perMessageGroupId", queue["FifoThroughputLimit"]);
            Assert.Equal("60", queue["VisibilityTimeout"]);
            Assert.Equal("1209600", dlq["MessageRetentionPeriod"]);
            Assert.Contains("\"aws:SourceArn\":\"arn:aws:sns:us-east-1:000000000000:data-ingestion.fifo\"", queue["Policy"], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task EachSourceSubscribesWithARawFilterOnItsSourceAttribute()
    {
        using var aws = new FakeAws();
        await DeployAsync(aws);
        Assert.Equal(SubscriptionCount, aws.Sns.Subscriptions.Count);
        foreach (var source in Sources)
        {
            var (subscription, attributes) = aws.Sns.Subscriptions.Single(s => s.Subscription.Endpoint.EndsWith($":ingestion-{source}.fifo", StringComparison.Ordinal));
            Assert.Equal("sqs", subscription.Protocol);
            Assert.Equal($$"""{"source":["{{source}}"]}""", attributes["FilterPolicy"]);
            Assert.Equal("MessageAttributes", attributes["FilterPolicyScope"]);
            Assert.Equal("true", attributes["RawMessageDelivery"]);
        }
    }

    [Fact]
    public async Task EachNeighbourhoodFiltersOnLocationAndTheAlertQueueOnDecibels()
    {
        using var aws = new FakeAws();
        await DeployAsync(aws, new() { ["AlertThresholdDecibels"] = "90" });
        foreach (var neighbourhood in Neighbourhoods)
        {
            var (_, attributes) = aws.Sns.Subscriptions.Single(s => s.Subscription.Endpoint.EndsWith($":ingestion-noise-{neighbourhood}.fifo", StringComparison.Ordinal));
            Assert.Equal($$"""{"source":["noise"],"location":["{{neighbourhood}}"]}""", attributes["FilterPolicy"]);
        }

        var alerts = aws.Sns.Subscriptions.Single(s => s.Subscription.Endpoint.EndsWith(":ingestion-noise-alerts.fifo", StringComparison.Ordinal)).Attributes;
        var policy = JsonNode.Parse(alerts["FilterPolicy"])!;
        Assert.Equal(">=", policy["db"]![0]!["numeric"]![0]!.GetValue<string>());
        Assert.Equal(90, policy["db"]![0]!["numeric"]![1]!.GetValue<int>());

        // The statistics processor gets every reading, whatever its location or level.
        var statistics = aws.Sns.Subscriptions.Single(s => s.Subscription.Endpoint.EndsWith(":ingestion-noise-statistics.fifo", StringComparison.Ordinal)).Attributes;
        Assert.Equal("""{"source":["noise"]}""", statistics["FilterPolicy"]);
    }

    [Fact]
    public async Task TableHasTheIdKeyAndOnlyTheSparseEpisodeIndex()
    {
        using var aws = new FakeAws();
        var result = await DeployAsync(aws);
        var table = aws.DynamoDb.Tables["datastore"];
        Assert.Equal("PAY_PER_REQUEST", table.BillingMode.Value);
        Assert.Equal("ID", Assert.Single(table.KeySchema).AttributeName);
        var index = Assert.Single(table.GlobalSecondaryIndexes);
        Assert.Equal("EpisodesByLocation", index.IndexName);
        Assert.Equal(["EPISODE_LOCATION:HASH", "EPISODE_START:RANGE"], index.KeySchema.Select(key => $"{key.AttributeName}:{key.KeyType.Value}"));
        Assert.Equal("ALL", index.Projection.ProjectionType.Value);
        var notes = result.Resources.Single(r => r.LogicalId == "DataStoreTable").Notes;
        Assert.Contains(notes, n => n.StartsWith("PointInTimeRecoverySpecification not applied", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.StartsWith("SSESpecification not applied", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SecondDeploymentFindsEverythingAndDuplicatesNothing()
    {
        using var aws = new FakeAws();
        var first = await DeployAsync(aws);
        var second = await DeployAsync(aws);
        Assert.Equal(first.Outputs.Outputs, second.Outputs.Outputs);
        Assert.All(second.Resources, r => Assert.Contains(r.Outcome, new[] { ResourceOutcome.Existing, ResourceOutcome.Skipped }));
        Assert.Equal(SubscriptionCount, aws.Sns.SubscribeCalls);
    }

    [Fact]
    public async Task ChangedParameterUpdatesTheProvisionedQueues()
    {
        using var aws = new FakeAws();
        await DeployAsync(aws);
        var second = await DeployAsync(aws, new() { ["MaxReceiveCount"] = "2", ["WorkerVisibilityTimeoutSeconds"] = "90" });
        Assert.Equal(ResourceOutcome.Updated, second.Resources.Single(r => r.LogicalId == "sourceAQueue").Outcome);
        var queue = aws.Sqs.Queues[FakeSqsClient.UrlOf("ingestion-sourceA.fifo")];
        Assert.Equal(2, JsonNode.Parse(queue["RedrivePolicy"])!["maxReceiveCount"]!.GetValue<int>());
        Assert.Equal("90", queue["VisibilityTimeout"]);
    }
}
