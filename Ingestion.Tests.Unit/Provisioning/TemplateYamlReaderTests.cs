using System.Text.Json.Nodes;
using Ingestion.Hosting.AWS.Provisioning;
using Ingestion.Hosting.AWS.Provisioning.Template;

namespace Ingestion.Tests.Provisioning;

public sealed class TemplateYamlReaderTests
{
    private static JsonNode? Value(string yaml) => CloudFormationTemplate.Parse($"""
        Resources:
          T:
            Type: AWS::SNS::Topic
        Outputs:
          X:
            Value: {yaml}
        """).Outputs["X"]!["Value"];

    [Theory]
    [InlineData("!Ref Param", """{"Ref":"Param"}""")]
    [InlineData("!GetAtt Queue.Arn", """{"Fn::GetAtt":["Queue","Arn"]}""")]
    [InlineData("!GetAtt Db.Endpoint.Address", """{"Fn::GetAtt":["Db","Endpoint.Address"]}""")]
    [InlineData("!GetAtt [Queue, Arn]", """{"Fn::GetAtt":["Queue","Arn"]}""")]
    [InlineData("!Sub 'arn:${AWS::Partition}:x'", """{"Fn::Sub":"arn:${AWS::Partition}:x"}""")]
    [InlineData("!Sub ['${A}-b', {A: !Ref P}]", """{"Fn::Sub":["${A}-b",{"A":{"Ref":"P"}}]}""")]
    [InlineData("!Join [',', [a, !Ref P]]", """{"Fn::Join":[",",["a",{"Ref":"P"}]]}""")]
    [InlineData("!Select [1, !Split [',', 'a,b']]", """{"Fn::Select":[1,{"Fn::Split":[",","a,b"]}]}""")]
    [InlineData("!If [IsProd, !Ref AWS::NoValue, x]", """{"Fn::If":["IsProd",{"Ref":"AWS::NoValue"},"x"]}""")]
    [InlineData("!Not [!Equals [!Ref P, x]]", """{"Fn::Not":[{"Fn::Equals":[{"Ref":"P"},"x"]}]}""")]
    [InlineData("!And [!Condition A, !Or [!Condition B, !Condition C]]", """{"Fn::And":[{"Condition":"A"},{"Fn::Or":[{"Condition":"B"},{"Condition":"C"}]}]}""")]
    [InlineData("!FindInMap [Map, !Ref AWS::Region, Key]", """{"Fn::FindInMap":["Map",{"Ref":"AWS::Region"},"Key"]}""")]
    [InlineData("!ImportValue Shared", """{"Fn::ImportValue":"Shared"}""")]
    [InlineData("!Base64 text", """{"Fn::Base64":"text"}""")]
    public void ShortFormTagsBecomeTheLongForm(string yaml, string json) =>
        Assert.Equal(json, Value(yaml)!.ToJsonString());

    [Fact]
    public void LongFormIsReadAsItIs() =>
        Assert.Equal("""{"Fn::GetAtt":["Queue","Arn"]}""", Value("{'Fn::GetAtt': [Queue, Arn]}")!.ToJsonString());

    [Theory]
    [InlineData("5", "5")]
    [InlineData("'5'", "\"5\"")]
    [InlineData("true", "true")]
    [InlineData("'true'", "\"true\"")]
    [InlineData("2012-10-17", "\"2012-10-17\"")]
    [InlineData("000000000000", "\"000000000000\"")]
    [InlineData("1.5", "1.5")]
    [InlineData("!!str 5", "\"5\"")]
    public void ScalarsAreTypedAsCloudFormationTypesThem(string yaml, string json) =>
        Assert.Equal(json, Value(yaml)!.ToJsonString());

    [Fact]
    public void JsonTemplatesAreReadToo()
    {
        var template = CloudFormationTemplate.Parse("""{"Resources": {"T": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": {"Ref": "AWS::StackName"}}}}}""");
        Assert.Equal("""{"Ref":"AWS::StackName"}""", template.Resources["T"]!["Properties"]!["TopicName"]!.ToJsonString());
    }

    [Fact]
    public void DuplicateKeysAreAnErrorWithTheirLine()
    {
        var error = Assert.Throws<TemplateException>(() => CloudFormationTemplate.Parse("Resources:\n  T:\n    Type: A\n  T:\n    Type: B\n"));
        Assert.Contains("line 4", error.Message);
        Assert.Contains("Duplicate key T", error.Message);
    }

    [Fact]
    public void BrokenYamlIsAnErrorWithItsLine()
    {
        var error = Assert.Throws<TemplateException>(() => CloudFormationTemplate.Parse("Resources:\n  T: [unclosed\n"));
        Assert.Contains("invalid YAML", error.Message);
    }

    [Fact]
    public void GetAttWithoutAnAttributeIsAnError()
    {
        var error = Assert.Throws<TemplateException>(() => Value("!GetAtt QueueOnly"));
        Assert.Contains("!GetAtt needs 'Resource.Attribute'", error.Message);
    }

    [Fact]
    public void TemplateWithoutResourcesIsRejected() =>
        Assert.Throws<TemplateException>(() => CloudFormationTemplate.Parse("Outputs: {}\n"));
}
