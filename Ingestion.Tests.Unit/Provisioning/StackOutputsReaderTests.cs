using Ingestion.Hosting.AWS.CloudFormation;
using Ingestion.Hosting.AWS.Provisioning;
using Ingestion.Hosting.AWS.Provisioning.Template;
using Microsoft.Extensions.Configuration;
using Ingestion.Topology.Metadata;

namespace Ingestion.Tests.Provisioning;

/// <summary>Outputs for `--target aws` (from configuration or describe-stacks), and the worker list from the template's metadata.</summary>
public sealed class StackOutputsReaderTests
{
    private static readonly CloudFormationTemplate Template = CloudFormationTemplate.Parse("""
        Resources:
          Topic:
            Type: AWS::SNS::Topic
          SourceAWorkerRole:
            Type: AWS::IAM::Role
            Metadata:
              Ingestion::Worker:
                Name: sourceA
                QueueUrlOutput: SourceAQueueUrl
                DeadLetterQueueUrlOutput: SourceADeadLetterQueueUrl
        Outputs:
          SourceAQueueUrl:
            Value: x
          SourceADeadLetterQueueUrl:
            Value: y
        """);

    private static readonly WorkerDeclaration SourceA = new("sourceA", "SourceAQueueUrl", "SourceADeadLetterQueueUrl");

    [Fact]
    public void OutputsAreReadFromTheAwsResourcesConfigurationSection()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AWS:Resources:SourceAQueueUrl"] = "https://sqs.eu-west-1.amazonaws.com/123/ingestion-sourceA.fifo",
            ["AWS:Resources:SourceADeadLetterQueueUrl"] = "https://sqs.eu-west-1.amazonaws.com/123/ingestion-sourceA-dlq.fifo",
            ["AWS:Region"] = "eu-west-1",
        }).Build();

        var stack = AwsStackOutputsReader.FromConfiguration(configuration, Template);

        Assert.Equal("https://sqs.eu-west-1.amazonaws.com/123/ingestion-sourceA.fifo", stack.Outputs["SourceAQueueUrl"]);
        Assert.Equal(2, stack.Outputs.Count);
        Assert.Equal([SourceA], WorkerMetadataReader.Read(Template, stack.Outputs));
    }

    [Fact]
    public void OutputsAreReadFromDescribeStacksJson()
    {
        var stack = AwsStackOutputsReader.FromDescribeStacksJson("""
            {"Stacks": [{"StackName": "ingestion", "Outputs": [
              {"OutputKey": "SourceAQueueUrl", "OutputValue": "https://q"},
              {"OutputKey": "SourceADeadLetterQueueUrl", "OutputValue": "https://dlq", "Description": "d"}
            ]}]}
            """, Template);

        Assert.Equal("https://dlq", stack.Outputs["SourceADeadLetterQueueUrl"]);
        Assert.Equal([SourceA], WorkerMetadataReader.Read(Template, stack.Outputs));
    }

    [Fact]
    public void StackMissingADeclaredOutputIsRejected()
    {
        var error = Assert.Throws<TemplateException>(() => AwsStackOutputsReader.FromDescribeStacksJson(
            """{"Stacks": [{"Outputs": [{"OutputKey": "SourceAQueueUrl", "OutputValue": "https://q"}]}]}""", Template));
        Assert.Contains("lacks output(s) SourceADeadLetterQueueUrl", error.Message);
    }

    [Fact]
    public void WorkerNamingAMissingOutputIsRejected()
    {
        var template = CloudFormationTemplate.Parse("""
            Resources:
              Role:
                Type: AWS::IAM::Role
                Metadata:
                  Ingestion::Worker:
                    Name: sourceA
                    QueueUrlOutput: SourceAQueueUrl
                    DeadLetterQueueUrlOutput: SourceADlqUrl
            """);
        var error = Assert.Throws<TemplateException>(() => WorkerMetadataReader.Read(template, new Dictionary<string, string> { ["SourceAQueueUrl"] = "q" }));
        Assert.Contains("worker 'sourceA' names output 'SourceADlqUrl', which the stack does not have", error.Message);
    }

    [Fact]
    public void WorkerDeclaredTwiceIsRejected()
    {
        var template = CloudFormationTemplate.Parse("""
            Resources:
              RoleOne:
                Type: AWS::IAM::Role
                Metadata:
                  Ingestion::Worker: {Name: a, QueueUrlOutput: Q, DeadLetterQueueUrlOutput: D}
              RoleTwo:
                Type: AWS::IAM::Role
                Metadata:
                  Ingestion::Worker: {Name: a, QueueUrlOutput: Q, DeadLetterQueueUrlOutput: D}
            """);
        var error = Assert.Throws<TemplateException>(() => WorkerMetadataReader.Read(template, new Dictionary<string, string> { ["Q"] = "q", ["D"] = "d" }));
        Assert.Contains("worker 'a' is declared twice", error.Message);
    }
}
