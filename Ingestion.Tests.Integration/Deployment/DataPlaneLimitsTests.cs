using Ingestion.Hosting.AWS.Provisioning;
using Ingestion.Hosting.AWS.Provisioning.Template;
using Ingestion.Messaging.Aws.OperationLog;
using Ingestion.Tests.Iam;
using Ingestion.Tests.Provisioning;
using Ingestion.Tests.Provisioning.Fakes;

namespace Ingestion.Tests.Deployment;

/// <summary>
/// The data plane against the AWS limits the emulators never enforce (AWS's documented quotas), at Chicago's
/// 77 community areas: 500 resources and 200 outputs per template (cfn-lint), 10,240 characters of
/// inline policy per role, name lengths and cases, 100 subscriptions per FIFO topic.
/// </summary>
public sealed class DataPlaneLimitsTests
{
    private const string LongestPrefix = "ingestion-production";

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private static Dictionary<string, string> Chicago(string? prefix = null)
    {
        var parameters = new Dictionary<string, string> { ["Neighbourhoods"] = ChicagoCommunityAreas.Parameter };
        if (prefix is not null)
        {
            parameters["NamePrefix"] = prefix;
        }

        return parameters;
    }

    [Fact]
    public async Task TheDataPlaneWithChicagosSeventySevenNeighbourhoodsPassesCfnLint()
    {
        using var template = await ChicagoCommunityAreas.TemplateWithAllAsync(RepositoryFiles.Template, Cancellation);

        var (exitCode, output) = await CfnLintTests.LintAsync(template.Path);

        Assert.True(exitCode == 0, $"cfn-lint at 77 neighbourhoods:\n{output}");
    }

    [Fact]
    public async Task EveryPhysicalNameFitsItsLimitWhateverTheStackNameIs()
    {
        // CloudFormation allows 128 characters, mixed case; no name may depend on it.
        var stackName = "Ingestion-" + new string('X', 60) + "-Production-" + new string('y', 46);
        Assert.Equal(128, stackName.Length);
        using var aws = new FakeAws();

        var result = await new EmulatorDeployer().DeployAsync(
            CloudFormationTemplate.Load(RepositoryFiles.Template), Chicago(LongestPrefix), aws.Clients, new StackContext(stackName), Cancellation);

        var queueNames = aws.Sqs.Queues.Keys.Select(url => url.Split('/')[^1]).ToList();
        Assert.Equal(77 * 2 + 3 * 3 + 3 * 3, queueNames.Count);
        Assert.All(queueNames, name => Assert.InRange(name.Length, 1, 80));
        Assert.All(queueNames, name => Assert.Matches("^[A-Za-z0-9_-]+\\.fifo$", name));
        var bucket = Assert.Single(aws.S3.Buckets);
        Assert.InRange(bucket.Length, 3, 63);
        Assert.Matches("^[a-z0-9][a-z0-9.-]+[a-z0-9]$", bucket);
        Assert.InRange(result.Outputs.Outputs["DataStoreTableName"].Length, 3, 255);
        Assert.InRange(result.Outputs.Outputs["IngestionTopicName"].Length, 1, 256);
        // Only the roles CloudFormation names itself carry the stack name, cut to fit by CloudFormation.
        Assert.DoesNotContain(result.Outputs.Outputs.Where(o => !o.Key.EndsWith("RoleArn", StringComparison.Ordinal)), o => o.Value.Contains(stackName, StringComparison.Ordinal));

        var roles = new TemplateRoles(RepositoryFiles.Template, stackName, Chicago(LongestPrefix));
        var named = roles.Roles.Where(role => roles.Properties(role).ContainsKey("RoleName")).ToList();
        Assert.Equal(77, named.Count);
        Assert.All(named, role => Assert.InRange(roles.RoleNameOf(role).Length, 1, 64));
    }

    [Theory]
    [InlineData("Ingestion")]
    [InlineData("ingestion-production-eu")]
    [InlineData("9ingestion")]
    public async Task APrefixThatCouldBreakANameIsRejectedBeforeAnythingIsCreated(string prefix)
    {
        using var aws = new FakeAws();

        var error = await Assert.ThrowsAsync<TemplateException>(() => new EmulatorDeployer().DeployAsync(
            RepositoryFiles.Template, new Dictionary<string, string> { ["NamePrefix"] = prefix }, aws.Clients, Cancellation));

        Assert.StartsWith($"Parameter NamePrefix: '{prefix}'", error.Message, StringComparison.Ordinal);

        Assert.Empty(aws.Sqs.Queues);
    }

    [Fact]
    public void TheApiRolesInlinePoliciesDoNotGrowWithTheNeighbourhoods()
    {
        var three = new TemplateRoles(RepositoryFiles.Template).InlinePolicyCharacters("ApiRole");
        var seventySeven = new TemplateRoles(RepositoryFiles.Template, parameters: Chicago()).InlinePolicyCharacters("ApiRole");

        Assert.Equal(three, seventySeven);
        Assert.InRange(seventySeven, 1, 10_240 / 2);
    }

    [Fact]
    public void AtSeventySevenNeighbourhoodsTheApiMayReplayIntoEverySubscriberQueueAndIntoNoDeadLetterQueue()
    {
        var roles = new TemplateRoles(RepositoryFiles.Template, parameters: Chicago());
        var statements = roles.Statements("ApiRole");
        var subscribers = roles.OfType("AWS::SNS::Subscription").Select(s => roles.Properties(s)["Endpoint"]!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        var queues = roles.OfType("AWS::SQS::Queue").Select(q => roles.Properties(q)["QueueName"]!.GetValue<string>()).ToList();

        Assert.Equal(77 * 2 + 3 * 3 + 3 * 3, queues.Count);
        foreach (var queue in queues)
        {
            var denied = PolicyEvaluator.Denied([new AwsOperation("api", "sqs", "SendMessage", Queue: queue)], statements);
            Assert.True(subscribers.Any(s => s.EndsWith(":" + queue, StringComparison.Ordinal)) == (denied.Count == 0), $"api SendMessage to {queue}");
        }
    }

    [Fact]
    public void TheFifoTopicsHundredSubscriptionsAreReachedAtNinetyFourNeighbourhoods()
    {
        var neighbourhoods = string.Join(',', Enumerable.Range(1, 94).Select(i => $"Area{i}"));
        var roles = new TemplateRoles(RepositoryFiles.Template, parameters: new Dictionary<string, string> { ["Neighbourhoods"] = neighbourhoods });

        Assert.Equal(100, roles.OfType("AWS::SNS::Subscription").Count);
    }

    [Fact]
    public async Task IdempotencyRecordsExpireAndTheArchiveKeepsVersionsForAWhileLocallySkippedWithANote()
    {
        var roles = new TemplateRoles(RepositoryFiles.Template);
        var table = roles.Properties("DataStoreTable");
        Assert.Equal("EXPIRES_AT", table["TimeToLiveSpecification"]!["AttributeName"]!.GetValue<string>());
        Assert.True(table["TimeToLiveSpecification"]!["Enabled"]!.GetValue<bool>());

        var bucket = roles.Properties("ArchiveBucket");
        Assert.Equal("Enabled", bucket["VersioningConfiguration"]!["Status"]!.GetValue<string>());
        var rules = bucket["LifecycleConfiguration"]!["Rules"]!.AsArray();
        var expiry = Assert.Single(rules, r => r!["Id"]!.GetValue<string>() == "ExpireOldEvents")!;
        Assert.Equal("400", expiry["ExpirationInDays"]!.ToString());
        Assert.Equal("30", expiry["NoncurrentVersionExpiration"]!["NoncurrentDays"]!.ToString());
        Assert.Contains(rules, r => r!["ExpiredObjectDeleteMarker"]?.GetValue<bool>() == true);

        // dynalite has no UpdateTimeToLive and fauxqs's S3 no versions: the local deployment says so and goes on.
        using var aws = new FakeAws();
        var result = await new EmulatorDeployer().DeployAsync(RepositoryFiles.Template, new Dictionary<string, string>(), aws.Clients, Cancellation);
        Assert.Contains(result.Resources.Single(r => r.LogicalId == "DataStoreTable").Notes, n => n.StartsWith("TimeToLiveSpecification not applied", StringComparison.Ordinal));
        var bucketNotes = result.Resources.Single(r => r.LogicalId == "ArchiveBucket").Notes;
        Assert.Contains(bucketNotes, n => n.StartsWith("VersioningConfiguration not applied", StringComparison.Ordinal));
        Assert.Contains(bucketNotes, n => n.StartsWith("LifecycleConfiguration not applied", StringComparison.Ordinal));
    }
}
