using Ingestion.Hosting.AWS.Provisioning;
using Ingestion.Hosting.AWS.Provisioning.Resources;
using Ingestion.Tests.Provisioning.Fakes;

namespace Ingestion.Tests.Provisioning;

public sealed class DeployerTests
{
    [Fact]
    public async Task IamRoleIsListedAsSkippedWithItsReasonAndStillHasAnArn()
    {
        using var aws = new FakeAws();
        var result = await Deploy.YamlAsync("""
            Resources:
              Role:
                Type: AWS::IAM::Role
                Properties:
                  RoleName: api
                  AssumeRolePolicyDocument: {}
            Outputs:
              RoleArn:
                Value: !GetAtt Role.Arn
            """, aws);
        var role = Assert.Single(result.Resources);
        Assert.Equal(ResourceOutcome.Skipped, role.Outcome);
        Assert.Contains("no local meaning", Assert.Single(role.Notes));
        Assert.Equal("arn:aws:iam::000000000000:role/api", result.Outputs.Outputs["RoleArn"]);
    }

    [Fact]
    public async Task ResourceWhoseConditionIsFalseIsSkippedAndItsConditionalOutputLeftOut()
    {
        using var aws = new FakeAws();
        var result = await Deploy.YamlAsync("""
            Parameters:
              WithArchive:
                Type: String
                Default: "false"
            Conditions:
              Archive: !Equals [!Ref WithArchive, "true"]
            Resources:
              Bucket:
                Type: AWS::S3::Bucket
                Condition: Archive
              Topic:
                Type: AWS::SNS::Topic
            Outputs:
              BucketName:
                Condition: Archive
                Value: !Ref Bucket
            """, aws);
        var bucket = result.Resources.Single(r => r.LogicalId == "Bucket");
        Assert.Equal(ResourceOutcome.Skipped, bucket.Outcome);
        Assert.Equal(["condition Archive is false"], bucket.Notes);
        Assert.Empty(result.Outputs.Outputs);
        Assert.Empty(aws.S3.Buckets);
    }

    [Fact]
    public async Task BucketIsCreatedWhenItsConditionHolds()
    {
        using var aws = new FakeAws();
        var result = await Deploy.YamlAsync("""
            Resources:
              Archive:
                Type: AWS::S3::Bucket
                Properties:
                  VersioningConfiguration:
                    Status: Enabled
            Outputs:
              Name:
                Value: !Ref Archive
              Arn:
                Value: !GetAtt Archive.Arn
            """, aws);
        Assert.Equal(["ingestion-archive"], aws.S3.Buckets);
        Assert.Equal("arn:aws:s3:::ingestion-archive", result.Outputs.Outputs["Arn"]);
        Assert.Contains("VersioningConfiguration not applied", Assert.Single(result.Resources).Notes[0]);
    }

    [Fact]
    public async Task ReferenceToAResourceLeftOutByItsConditionIsAnError()
    {
        var error = await Assert.ThrowsAsync<TemplateException>(() => Deploy.OutputsAsync("""
            Conditions:
              Never: !Equals [a, b]
            Resources:
              Topic:
                Type: AWS::SNS::Topic
                Condition: Never
            Outputs:
              Arn:
                Value: !Ref Topic
            """));
        Assert.Contains("not created because its Condition is false", error.Message);
    }

    [Fact]
    public async Task FifoQueueCannotSubscribeToAStandardTopic()
    {
        using var aws = new FakeAws();
        var error = await Assert.ThrowsAsync<TemplateException>(() => Deploy.YamlAsync(SubscribedQueue("ingestion-q.fifo", "plain-topic"), aws));
        Assert.Contains("can only subscribe to a FIFO topic", error.Message);
        Assert.Empty(aws.Sns.Subscriptions);
    }

    [Fact]
    public async Task StandardQueueOnAFifoTopicIsAllowedAsOnAwsWithANote()
    {
        using var aws = new FakeAws();
        var result = await Deploy.YamlAsync(SubscribedQueue("ingestion-q", "plain-topic.fifo"), aws);
        Assert.Contains("ordering is best-effort", result.Resources.Single(r => r.LogicalId == "Subscription").Notes[0]);
    }

    private static string SubscribedQueue(string queueName, string topicName) => $"""
        Resources:
          Topic:
            Type: AWS::SNS::Topic
            Properties:
              TopicName: {topicName}
              FifoTopic: {topicName.EndsWith(".fifo", StringComparison.Ordinal).ToString().ToLowerInvariant()}
          Queue:
            Type: AWS::SQS::Queue
            Properties:
              QueueName: {queueName}
              FifoQueue: {queueName.EndsWith(".fifo", StringComparison.Ordinal).ToString().ToLowerInvariant()}
          Subscription:
            Type: AWS::SNS::Subscription
            Properties:
              TopicArn: !Ref Topic
              Protocol: sqs
              Endpoint: !GetAtt Queue.Arn
        """;

    [Fact]
    public async Task FifoTopicRefusesNonSqsSubscribers()
    {
        var error = await Assert.ThrowsAsync<TemplateException>(() => Deploy.OutputsAsync("""
            Resources:
              Topic:
                Type: AWS::SNS::Topic
                Properties:
                  FifoTopic: true
              Hook:
                Type: AWS::SNS::Subscription
                Properties:
                  TopicArn: !Ref Topic
                  Protocol: https
                  Endpoint: https://example.invalid/hook
            """));
        Assert.Contains("a FIFO topic delivers only to SQS queues, not to protocol 'https'", error.Message);
    }

    [Fact]
    public async Task FifoQueueNameMustEndInFifo()
    {
        var error = await Assert.ThrowsAsync<TemplateException>(() => Deploy.OutputsAsync("""
            Resources:
              Queue:
                Type: AWS::SQS::Queue
                Properties:
                  QueueName: orders
                  FifoQueue: true
            """));
        Assert.Contains("must end in .fifo", error.Message);
    }

    [Fact]
    public async Task ExistingTableWithOtherKeysIsAnErrorNotSilentlyReused()
    {
        const string Table = """
            Resources:
              Table:
                Type: AWS::DynamoDB::Table
                Properties:
                  TableName: datastore
                  BillingMode: PAY_PER_REQUEST
                  AttributeDefinitions:
                    - {AttributeName: KEY, AttributeType: S}
                  KeySchema:
                    - {AttributeName: KEY, KeyType: HASH}
            """;
        using var aws = new FakeAws();
        await Deploy.YamlAsync(Table, aws);
        var error = await Assert.ThrowsAsync<TemplateException>(() => Deploy.YamlAsync(Table.Replace("KEY", "ID", StringComparison.Ordinal), aws));
        Assert.Contains("table datastore exists with keys [KEY:HASH | ] but the template wants [ID:HASH | ]", error.Message);
    }
}
