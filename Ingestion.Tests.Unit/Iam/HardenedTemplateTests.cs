using System.Text.Json.Nodes;
using Ingestion.Api.Sources;
using Ingestion.Hosting.AWS.Provisioning;
using Microsoft.Extensions.DependencyInjection;
using Ingestion.Messaging.Aws.OperationLog;
using Ingestion.Tests.Provisioning;
using Ingestion.Tests.Provisioning.Fakes;

namespace Ingestion.Tests.Iam;

/// <summary>
/// The review's hardening points (issue #9, section 4), each checked on the template as AWS would
/// deploy it (expanded by our interpreter), so a regression fails here rather than in production.
/// </summary>
public sealed class HardenedTemplateTests
{
    private static readonly TemplateRoles Template = new(RepositoryFiles.Template);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static IReadOnlyList<string> SubscriptionEndpoints =>
        [.. Template.OfType("AWS::SNS::Subscription").Select(s => Template.Properties(s)["Endpoint"]!.GetValue<string>())];

    [Fact]
    public void EverySubscriptionDeadLettersIntoAFifoQueueNoOtherSubscriptionUsesThatOnlyOurTopicMaySendTo()
    {
        var subscriptions = Template.OfType("AWS::SNS::Subscription");
        var targets = subscriptions.Select(s => Template.Properties(s)["RedrivePolicy"]?["deadLetterTargetArn"]?.GetValue<string>()).ToList();

        Assert.Equal(9, subscriptions.Count);
        Assert.All(targets, target => Assert.EndsWith(".fifo", target));
        Assert.Equal(targets.Count, targets.Distinct().Count());
        Assert.Empty(targets.Intersect(SubscriptionEndpoints));
        var topicArn = Template.ArnOf("IngestionTopic");
        foreach (var target in targets)
        {
            var policies = Template.OfType("AWS::SQS::QueuePolicy").Select(Template.Properties)
                .Where(p => p["PolicyDocument"]!["Statement"]!.AsArray().Any(s => s!["Resource"]!.AsArray().Any(r => r!.GetValue<string>() == target)))
                .ToList();
            var statement = Assert.Single(Assert.Single(policies)["PolicyDocument"]!["Statement"]!.AsArray())!;
            Assert.Equal("sns.amazonaws.com", statement["Principal"]!["Service"]!.GetValue<string>());
            Assert.Equal(topicArn, statement["Condition"]!["ArnEquals"]!["aws:SourceArn"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task TheEmulatorDeploymentSetsEachSubscriptionsRedrivePolicy()
    {
        using var aws = new FakeAws();
        await new EmulatorDeployer().DeployAsync(RepositoryFiles.Template, new Dictionary<string, string>(), aws.Clients, Cancellation);

        // Its own undelivered queue, or for a neighbourhood its worker's dead-letter queue (see the template).
        Assert.All(aws.Sns.Subscriptions, s =>
        {
            var target = JsonNode.Parse(s.Attributes["RedrivePolicy"])!["deadLetterTargetArn"]!.GetValue<string>();
            var endpoint = s.Subscription.Endpoint[..^".fifo".Length];
            Assert.Contains(target, new[] { endpoint + "-undelivered.fifo", endpoint + "-dlq.fifo" });
            Assert.Contains(aws.Sqs.Queues.Values, q => q["QueueArn"] == target);
        });
    }

    [Fact]
    public async Task EveryQueueSaysSqsManagedEncryptionAndTheTopicUsesTheAwsManagedKey()
    {
        using var aws = new FakeAws();
        await new EmulatorDeployer().DeployAsync(RepositoryFiles.Template, new Dictionary<string, string>(), aws.Clients, Cancellation);

        Assert.Equal(24, aws.Sqs.Queues.Count);
        Assert.All(aws.Sqs.Queues, q => Assert.Equal("true", q.Value.GetValueOrDefault("SqsManagedSseEnabled")));
        Assert.Equal("alias/aws/sns", Assert.Single(aws.Sns.Topics).Value["KmsMasterKeyId"]);
    }

    [Fact]
    public void TheArchiveBucketDeniesEveryRequestWithoutTls()
    {
        var policy = Template.Properties("ArchiveBucketPolicy");
        var bucketArn = Template.ArnOf("ArchiveBucket");

        Assert.Equal(Template.BucketName("ArchiveBucket"), policy["Bucket"]!.GetValue<string>());
        var deny = Assert.Single(policy["PolicyDocument"]!["Statement"]!.AsArray(), s => s!["Effect"]!.GetValue<string>() == "Deny")!;
        Assert.Equal("*", deny["Principal"]!.GetValue<string>());
        Assert.Equal("s3:*", deny["Action"]!.GetValue<string>());
        Assert.Equal([bucketArn, bucketArn + "/*"], deny["Resource"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal("false", deny["Condition"]!["Bool"]!["aws:SecureTransport"]!.GetValue<string>());
    }

    [Fact]
    public void TheApiMaySendOnlyToTheTopicsSubscriberQueuesNeverToADeadLetterQueue()
    {
        var statements = Template.Statements("ApiRole");
        var subscribers = SubscriptionEndpoints;

        foreach (var queue in Template.OfType("AWS::SQS::Queue").Select(q => Template.Properties(q)["QueueName"]!.GetValue<string>()))
        {
            var call = new AwsOperation("api", "sqs", "SendMessage", Queue: queue);
            var isSubscriber = subscribers.Any(s => s.EndsWith(":" + queue, StringComparison.Ordinal));
            Assert.True(isSubscriber == (PolicyEvaluator.Denied([call], statements).Count == 0), $"api SendMessage to {queue}");
        }
    }

    [Fact]
    public void EveryWorkersItemAccessIsLimitedToItsOwnKeyPrefixes()
    {
        foreach (var worker in Template.Workers.Where(w => w != "worker-archive"))
        {
            var itemStatements = Template.Statements(Template.RoleFor(worker))
                .Where(s => s.Actions.Any(a => a.StartsWith("dynamodb:", StringComparison.Ordinal)) && !s.Resources.All(r => r.Contains("/index/", StringComparison.Ordinal)))
                .ToList();
            Assert.NotEmpty(itemStatements);
            Assert.All(itemStatements, s => Assert.Contains(s.Conditions, c => c is { Operator: "ForAllValues:StringLike", Key: "dynamodb:LeadingKeys" }));
        }
    }

    [Theory]
    [InlineData("worker-sourceB", "CONTRACT#c-1", true)]
    [InlineData("worker-sourceB", "APPLIED#CONTRACT#c-1#e-1", true)]
    [InlineData("worker-sourceB", "EQUIPMENT#e-1", false)]
    [InlineData("worker-sourceB", "SEQUENCE#sourceB", false)]
    [InlineData("worker-noise-HydePark", "READING#HydePark#01#2026-11-24T11:40:00Z", true)]
    [InlineData("worker-noise-HydePark", "APPLIED#READING#HydePark#01#2026-11-24T11:40:00Z#e-1", true)]
    [InlineData("worker-noise-HydePark", "READING#Woodlawn#01#2026-11-24T11:40:00Z", false)]
    [InlineData("worker-noise-alerts", "ALERT#HydePark#01#2026-11-24T11:40:00Z", true)]
    [InlineData("worker-noise-alerts", "READING#HydePark#01#2026-11-24T11:40:00Z", false)]
    [InlineData("worker-noise-statistics", "STATS#HydePark#2026-11-24T11:40:00Z", true)]
    [InlineData("worker-noise-statistics", "NOISE_EPISODE#HydePark#2026-11-24T11:40:00Z", true)]
    [InlineData("worker-noise-statistics", "ALERT#HydePark#01#2026-11-24T11:40:00Z", false)]
    public void AWorkerMayWriteItsOwnItemsAndNoOneElses(string worker, string itemId, bool allowed)
    {
        Assert.Equal(allowed, Allows(worker, "PutItem", itemId));
    }

    [Theory]
    [InlineData("PutItem", "REPLAY#0199aa", true)]
    [InlineData("GetItem", "REPLAY#0199aa", true)]
    [InlineData("PutItem", "CONTRACT#c-1", false)]
    [InlineData("GetItem", "CONTRACT#c-1", false)]
    [InlineData("DeleteItem", "REPLAY#0199aa", false)]
    public void TheApiMayReadAndWriteOnlyItsReplaysState(string operation, string itemId, bool allowed)
    {
        Assert.Equal(allowed, Allows("api", operation, itemId));
    }

    /// <summary>SourceItemKeys must say what the API really sends for each source, or its worker could not store it.</summary>
    [Fact]
    public void EachSourcesItemKeysAreThoseOfTheEntitiesTheApiGivesIt()
    {
        var catalogue = new Microsoft.Extensions.DependencyInjection.ServiceCollection().AddSupplyChainSources().BuildServiceProvider()
            .GetRequiredService<SourceCatalogue>();

        foreach (var worker in Template.Workers.Where(w => w.StartsWith("worker-source", StringComparison.Ordinal)))
        {
            Assert.True(catalogue.TryGetSource(worker["worker-".Length..], out var source), $"the API has no source for {worker}");
            var keys = Template.Statements(Template.RoleFor(worker)).SelectMany(s => s.Conditions).Where(c => c.Key == "dynamodb:LeadingKeys").SelectMany(c => c.Values);
            Assert.Equal(source.EntityNames.SelectMany(e => new[] { $"{e}#*", $"APPLIED#{e}#*" }).Order(), keys.Distinct().Order());
        }
    }

    /// <summary>A store worker writes its applied records in batches; a BatchWriteItem could also put or delete an item unconditionally.</summary>
    [Theory]
    [InlineData("BatchWriteItem", "APPLIED#CONTRACT#abc", true)]
    [InlineData("BatchWriteItem", "CONTRACT#c-1", false)]
    [InlineData("BatchWriteItem", "APPLIED#EQUIPMENT#abc", false)]
    [InlineData("PutItem", "CONTRACT#c-1", true)]
    [InlineData("DeleteItem", "APPLIED#CONTRACT#abc", false)]
    public void AStoreWorkerMayBatchWriteOnlyItsAppliedRecords(string operation, string itemId, bool allowed)
    {
        Assert.Equal(allowed, Allows("worker-sourceB", operation, itemId));
    }

    /// <summary>Whether the process's role in the template allows this DynamoDB call on this item of the table.</summary>
    private static bool Allows(string process, string operation, string itemId) =>
        PolicyEvaluator.Denied(
            [new AwsOperation(process, "dynamodb", operation, Table: "datastore", LeadingKeys: [itemId])],
            Template.Statements(Template.RoleFor(process))).Count == 0;

    [Fact]
    public async Task PhysicalNamesFollowTheNamePrefixSoASecondDeploymentGetsItsOwn()
    {
        using var aws = new FakeAws();
        var result = await new EmulatorDeployer().DeployAsync(
            Ingestion.Hosting.AWS.Provisioning.Template.CloudFormationTemplate.Load(RepositoryFiles.Template), new Dictionary<string, string> { ["NamePrefix"] = "staging" },
            aws.Clients, new StackContext("Ingestion-Staging"), Cancellation);

        Assert.All(aws.Sqs.Queues.Keys, url => Assert.StartsWith(FakeSqsClient.UrlOf("staging-"), url));
        Assert.Equal("arn:aws:sns:us-east-1:000000000000:data-staging.fifo", result.Outputs.Outputs["IngestionTopicArn"]);
        Assert.Equal("staging-datastore", result.Outputs.Outputs["DataStoreTableName"]);
        Assert.StartsWith("staging-archive-", result.Outputs.Outputs["ArchiveBucketName"], StringComparison.Ordinal);
        Assert.Equal("staging/api-keys/", result.Outputs.Outputs["ApiKeySecretPrefix"]);
    }

    [Fact]
    public void OnlyTheDataOutlivesTheStack()
    {
        var retained = Template.OfType("AWS::SQS::Queue").Concat(Template.OfType("AWS::SNS::Topic")).Concat(Template.OfType("AWS::SecretsManager::Secret"))
            .Concat(["DataStoreTable", "ArchiveBucket"])
            .Where(id => Template.Attribute(id, "DeletionPolicy") == "Retain" || Template.Attribute(id, "UpdateReplacePolicy") == "Retain");

        Assert.Equal(["ArchiveBucket", "DataStoreTable"], retained.Order());
    }

    [Fact]
    public void TheApiReadsExactlyTheApiKeySecretsAndNoWorkerReadsAnySecret()
    {
        var secrets = Template.OfType("AWS::SecretsManager::Secret");
        var readable = Template.Statements("ApiRole")
            .Where(s => s.Actions.Any(a => a.StartsWith("secretsmanager:", StringComparison.Ordinal)))
            .ToList();

        Assert.Equal(["admin", "noise", "sourceA", "sourceB", "sourceC"], secrets.Select(s => Template.Properties(s)["Name"]!.GetValue<string>()["ingestion/api-keys/".Length..]).Order());
        Assert.All(readable, s => Assert.Equal(["secretsmanager:GetSecretValue"], s.Actions));
        // Each secret by its name and the six characters Secrets Manager appends (ArnOf's "-AbCdEf").
        Assert.Equal(secrets.Select(s => Template.ArnOf(s)[..^"AbCdEf".Length] + "??????").Order(), readable.SelectMany(s => s.Resources).Order());
        Assert.All(Template.Workers, worker => Assert.DoesNotContain(
            Template.Statements(Template.RoleFor(worker)), s => s.Actions.Any(a => a.StartsWith("secretsmanager:", StringComparison.Ordinal) || a == "*")));
        Assert.All(secrets, s =>
        {
            var generate = Template.Properties(s)["GenerateSecretString"]!;
            Assert.Equal("""{"previous":""}""", generate["SecretStringTemplate"]!.GetValue<string>());
            Assert.Equal("current", generate["GenerateStringKey"]!.GetValue<string>());
            Assert.Equal(40, generate["PasswordLength"]!.GetValue<int>());
        });
    }
}
