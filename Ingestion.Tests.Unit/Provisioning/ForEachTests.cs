using Ingestion.Hosting.AWS.Provisioning;
using Ingestion.Hosting.AWS.Provisioning.Template;
using Ingestion.Tests.Provisioning.Fakes;

namespace Ingestion.Tests.Provisioning;

/// <summary>Fn::ForEach (AWS::LanguageExtensions) as CloudFormation expands it, through a deployment into fakes.</summary>
public sealed class ForEachTests
{
    // The list form of Transform; the production template uses the single-name form.
    private const string Parameters = """
        Transform: [AWS::LanguageExtensions]
        Parameters:
          Names:
            Type: CommaDelimitedList
            Default: red,green
        """;

    /// <summary>The parameters and a loop of queues over Names.</summary>
    private const string Header = Parameters + """

        Resources:
          Fn::ForEach::Queues:
            - Name
            - !Ref Names
            - ${Name}Queue:
                Type: AWS::SQS::Queue
                Properties:
                  QueueName: !Sub ${AWS::StackName}-${Name}
        """;

    [Fact]
    public async Task ALoopOverAListParameterWritesOneResourceAndOutputPerItem()
    {
        var outputs = await Deploy.OutputsAsync(Header + """

            Outputs:
              Fn::ForEach::QueueUrls:
                - Name
                - !Ref Names
                - ${Name}QueueName:
                    Value: !GetAtt [!Sub "${Name}Queue", QueueName]
                  ${Name}Label:
                    Value: !Ref Name
            """);

        Assert.Equal("ingestion-red", outputs["redQueueName"]);
        Assert.Equal("ingestion-green", outputs["greenQueueName"]);
        Assert.Equal("green", outputs["greenLabel"]);
        Assert.Equal(4, outputs.Count);
    }

    [Fact]
    public async Task AParameterOverrideChangesWhatTheLoopWrites()
    {
        using var aws = new FakeAws();
        var result = await Deploy.YamlAsync(Header, aws, new Dictionary<string, string> { ["Names"] = "blue,cyan,teal" });

        Assert.Equal(["blueQueue", "cyanQueue", "tealQueue"], result.Resources.Select(r => r.LogicalId));
    }

    [Fact]
    public async Task AmpersandDropsWhatIsNotAlphanumericAndNestedLoopsSeeBothIdentifiers()
    {
        var outputs = await Deploy.OutputsAsync(Header + """

            Outputs:
              Fn::ForEach::Outer:
                - Zone
                - [eu-west, us-east]
                - Fn::ForEach::Inner:
                    - Tier
                    - [hot, cold]
                    - "&{Zone}${Tier}":
                        Value: !Sub "${Zone}/${Tier}/${AWS::Region}"
            """);

        Assert.Equal(["euwestcold", "euwesthot", "useastcold", "useasthot"], outputs.Keys.Order());
        Assert.Equal("us-east/cold/us-east-1", outputs["useastcold"]);
    }

    [Fact]
    public async Task PlainStringsAndConditionNamesAreLeftAloneAsCloudFormationLeavesThem()
    {
        var outputs = await Deploy.OutputsAsync(Header + """

            Conditions:
              Always: !Equals [a, a]
              Fn::ForEach::Checks:
                - Name
                - [x, y]
                - Is${Name}: !Equals [!Ref Name, x]
            Outputs:
              Fn::ForEach::Values:
                - Name
                - [x, y]
                - ${Name}Plain:
                    Value: literal ${Name}
                  ${Name}Branch:
                    Value: !If [Always, !Ref Name, none]
              Chosen:
                Value: !If [Isx, yes, no]
              NotChosen:
                Value: !If [Isy, yes, no]
            """);

        Assert.Equal("literal ${Name}", outputs["xPlain"]);
        Assert.Equal("y", outputs["yBranch"]);
        Assert.Equal("yes", outputs["Chosen"]);
        Assert.Equal("no", outputs["NotChosen"]);
    }

    [Fact]
    public void ATemplateWithoutTheTransformIsRefused()
    {
        var error = Assert.Throws<TemplateException>(() => CloudFormationTemplate.Parse("""
            Resources:
              Fn::ForEach::Queues:
                - Name
                - [a, b]
                - ${Name}Queue:
                    Type: AWS::SQS::Queue
            """));

        Assert.Contains("Fn::ForEach needs `Transform: AWS::LanguageExtensions`", error.Message);
    }

    [Theory]
    [InlineData("Fn::ForEach::Queues: [Name, [a, b]]", "[Identifier, Collection, {OutputKey: OutputValue}]")]
    [InlineData("Fn::ForEach::Queues: [Name, [a, b], [x]]", "[Identifier, Collection, {OutputKey: OutputValue}]")]
    [InlineData("Fn::ForEach::Queues: [Name, [a, b], {FixedQueue: {Type: AWS::SQS::Queue}}]", "each output key must use ${Name}")]
    [InlineData("Fn::ForEach::Queues: [my-name, [a], {'${my-name}Queue': {Type: AWS::SQS::Queue}}]", "the identifier 'my-name' must be alphanumeric")]
    [InlineData("Fn::ForEach::Queues: [Name, [a-b], {'${Name}Queue': {Type: AWS::SQS::Queue}}]", "Resources has 'a-bQueue' once Fn::ForEach is expanded")]
    [InlineData("Fn::ForEach::Queues:\n    - Name\n    - [a, b]\n    - ${Name}Queue: {Type: AWS::SQS::Queue}\n  aQueue: {Type: AWS::SQS::Queue}", "'aQueue' appears twice once Fn::ForEach is expanded")]
    [InlineData("Fn::ForEach::Queues:\n    - Name\n    - [a, a]\n    - ${Name}Queue: {Type: AWS::SQS::Queue}", "the collection has 'a' twice")]
    [InlineData("Fn::ForEach::Queues:\n    - Name\n    - !Ref Nothing\n    - ${Name}Queue: {Type: AWS::SQS::Queue}", "refers to 'Nothing', which is not a declared parameter")]
    [InlineData("Fn::ForEach::Queues:\n    - Name\n    - {Fn::Split: [',', 'a,b']}\n    - ${Name}Queue: {Type: AWS::SQS::Queue}", "the collection must be a list or a Ref to a CommaDelimitedList parameter")]
    [InlineData("Fn::ForEach::my-loop:\n    - Name\n    - [a]\n    - ${Name}Queue: {Type: AWS::SQS::Queue}", "Fn::ForEach::<Name>, the name alphanumeric")]
    [InlineData("Fn::ForEach::Outer:\n    - Name\n    - [a]\n    - Fn::ForEach::Inner:\n        - Name\n        - [b]\n        - ${Name}Queue: {Type: AWS::SQS::Queue}", "identifier 'Name' is already used by an enclosing loop")]
    public void LoopsThatCannotExpandAreRefused(string resources, string expected)
    {
        var yaml = Parameters + "\nResources:\n  " + resources + "\n";

        var error = Assert.Throws<TemplateException>(() => CloudFormationTemplate.Parse(yaml));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void ALoopOutsideResourcesOutputsAndConditionsIsRefused()
    {
        var error = Assert.Throws<TemplateException>(() => CloudFormationTemplate.Parse(Parameters + """

            Metadata:
              Fn::ForEach::Notes:
                - Name
                - [a]
                - ${Name}: note
            Resources:
              Topic:
                Type: AWS::SNS::Topic
            """));

        Assert.Contains("only allowed in Resources, Outputs and Conditions, not in Metadata", error.Message);
    }
}
