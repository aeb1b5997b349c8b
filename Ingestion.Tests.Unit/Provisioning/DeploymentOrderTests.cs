using Ingestion.Hosting.AWS.Provisioning;
using Ingestion.Tests.Provisioning.Fakes;

namespace Ingestion.Tests.Provisioning;

public sealed class DeploymentOrderTests
{
    [Fact]
    public async Task ResourcesAreCreatedAfterWhatTheyReferToOtherwiseInTemplateOrder()
    {
        using var aws = new FakeAws();
        var result = await Deploy.YamlAsync("""
            Resources:
              Subscription:
                Type: AWS::SNS::Subscription
                Properties:
                  TopicArn: !Ref Topic
                  Protocol: sqs
                  Endpoint: !Sub '${Queue.Arn}'
              Unrelated:
                Type: AWS::SNS::Topic
              Queue:
                Type: AWS::SQS::Queue
                DependsOn: [Topic]
              Topic:
                Type: AWS::SNS::Topic
                DependsOn: Unrelated
            """, aws);
        Assert.Equal(["Unrelated", "Topic", "Queue", "Subscription"], result.Resources.Select(r => r.LogicalId));
    }

    [Fact]
    public async Task CycleIsAnErrorNamingItsResources()
    {
        using var aws = new FakeAws();
        var error = await Assert.ThrowsAsync<TemplateException>(() => Deploy.YamlAsync("""
            Resources:
              Bystander:
                Type: AWS::SNS::Topic
              First:
                Type: AWS::SQS::Queue
                Properties:
                  RedrivePolicy:
                    deadLetterTargetArn: !GetAtt Third.Arn
                    maxReceiveCount: 5
              Second:
                Type: AWS::SQS::Queue
                DependsOn: First
              Third:
                Type: AWS::SQS::Queue
                Properties:
                  QueueName: !Sub '${Second}-third'
            """, aws));
        Assert.Contains("Circular dependency between resources: First -> Third -> Second -> First", error.Message);
        Assert.Empty(aws.Sns.Topics);
    }

    [Fact]
    public async Task ResourceThatRefersToItselfIsACycle()
    {
        var error = await Assert.ThrowsAsync<TemplateException>(() => Deploy.OutputsAsync("""
            Resources:
              Topic:
                Type: AWS::SNS::Topic
                Properties:
                  DisplayName: !GetAtt Topic.TopicName
            """));
        Assert.Contains("Topic -> Topic", error.Message);
    }

    [Fact]
    public async Task UnknownResourceTypeIsAnErrorNamingTypeAndResourceAndCreatesNothing()
    {
        using var aws = new FakeAws();
        var error = await Assert.ThrowsAsync<TemplateException>(() => Deploy.YamlAsync("""
            Resources:
              Topic:
                Type: AWS::SNS::Topic
              Handler:
                Type: AWS::Lambda::Function
            """, aws));
        Assert.Contains("Resource Handler (AWS::Lambda::Function): unsupported resource type 'AWS::Lambda::Function'", error.Message);
        Assert.Empty(aws.Sns.Topics);
    }

    [Theory]
    [InlineData("    DependsOn: Ghost", "DependsOn names 'Ghost'")]
    [InlineData("    Condition: Ghost", "condition 'Ghost' is not declared")]
    [InlineData("    Propertes: {}", "unknown resource attribute(s) Propertes")]
    [InlineData("    Properties:\n      TopicNmae: x", "does not support property TopicNmae")]
    public async Task MistakeInAResourceDefinitionIsAnErrorNamingIt(string extra, string message)
    {
        var error = await Assert.ThrowsAsync<TemplateException>(() => Deploy.OutputsAsync($"""
            Resources:
              Topic:
                Type: AWS::SNS::Topic
            {extra}
            """));
        Assert.Contains(message, error.Message);
        Assert.Contains("Resource Topic", error.Message);
    }
}
