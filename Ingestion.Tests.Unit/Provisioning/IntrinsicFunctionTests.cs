using Ingestion.Hosting.AWS.Provisioning;
using Ingestion.Tests.Provisioning.Fakes;

namespace Ingestion.Tests.Provisioning;

/// <summary>Each intrinsic function, short form and nested, evaluated through a real deployment into fakes.</summary>
public sealed class IntrinsicFunctionTests
{
    private const string Declarations = """
        Parameters:
          Env:
            Type: String
            Default: dev
            AllowedValues: [dev, prod]
          Names:
            Type: CommaDelimitedList
            Default: a,b,c
          Count:
            Type: Number
            Default: 5
        Mappings:
          Sizes:
            dev:
              Memory: 512
            prod:
              Memory: 2048
        Conditions:
          IsProd: !Equals [!Ref Env, prod]
          IsDev: !Not [!Condition IsProd]
          DevWithFive: !And [!Condition IsDev, !Equals [!Ref Count, 5]]
          ProdOrFive: !Or [!Condition IsProd, !Equals ["5", !Ref Count]]
        Resources:
          Queue:
            Type: AWS::SQS::Queue
            Properties:
              QueueName: !Sub "${AWS::StackName}-${Env}-q"
        """;

    private static Task<IReadOnlyDictionary<string, string>> OutputsAsync(string expression, Dictionary<string, string>? parameters = null) =>
        Deploy.OutputsAsync($"""
            {Declarations}
            Outputs:
              X:
                Value: {expression}
            """, parameters);

    [Theory]
    [InlineData("!Ref Env", "dev")]
    [InlineData("!Ref Count", "5")]
    [InlineData("!Ref AWS::Region", "us-east-1")]
    [InlineData("!Ref AWS::AccountId", "000000000000")]
    [InlineData("!Ref AWS::StackName", "ingestion")]
    [InlineData("!Ref AWS::Partition", "aws")]
    [InlineData("!Ref AWS::URLSuffix", "amazonaws.com")]
    [InlineData("!Ref Queue", "http://127.0.0.1:4566/000000000000/ingestion-dev-q")]
    [InlineData("{Ref: Queue}", "http://127.0.0.1:4566/000000000000/ingestion-dev-q")]
    [InlineData("!GetAtt Queue.Arn", "arn:aws:sqs:us-east-1:000000000000:ingestion-dev-q")]
    [InlineData("!GetAtt [Queue, QueueName]", "ingestion-dev-q")]
    [InlineData("{'Fn::GetAtt': [Queue, QueueName]}", "ingestion-dev-q")]
    [InlineData("!Sub '${AWS::Region}|${Queue.Arn}|${!Literal}|${Queue}'", "us-east-1|arn:aws:sqs:us-east-1:000000000000:ingestion-dev-q|${Literal}|http://127.0.0.1:4566/000000000000/ingestion-dev-q")]
    [InlineData("!Sub ['${Greeting}, ${Env}', {Greeting: !Join ['', [h, i]]}]", "hi, dev")]
    [InlineData("!Sub 'no references at all'", "no references at all")]
    [InlineData("!Sub '$5 and ${unclosed'", "$5 and ${unclosed")]
    [InlineData("!Join [',', !Ref Names]", "a,b,c")]
    [InlineData("!Join ['-', [a, !If [IsProd, b, !Ref AWS::NoValue], c]]", "a-c")]
    [InlineData("!Select [1, !Ref Names]", "b")]
    [InlineData("!Select ['2', !Split ['/', 'x/y/z']]", "z")]
    [InlineData("!If [IsDev, dev-branch, prod-branch]", "dev-branch")]
    [InlineData("!If [DevWithFive, yes, no]", "yes")]
    [InlineData("!If [ProdOrFive, yes, no]", "yes")]
    [InlineData("!FindInMap [Sizes, !Ref Env, Memory]", "512")]
    [InlineData("!Base64 hello", "aGVsbG8=")]
    [InlineData("!Join ['', [!Select [0, !Split [':', !GetAtt Queue.Arn]], '-', !Sub '${Count}']]", "arn-5")]
    public async Task ExpressionEvaluatesToItsValue(string expression, string expected) =>
        Assert.Equal(expected, (await OutputsAsync(expression))["X"]);

    [Fact]
    public async Task OverriddenParameterFlowsThroughConditionsAndMappings()
    {
        var outputs = await OutputsAsync("!Join [',', [!If [IsProd, prod, dev], !FindInMap [Sizes, !Ref Env, Memory], !Ref Queue]]", new() { ["Env"] = "prod" });
        Assert.Equal("prod,2048,http://127.0.0.1:4566/000000000000/ingestion-prod-q", outputs["X"]);
    }

    [Fact]
    public async Task NoValueRemovesTheProperty()
    {
        using var aws = new FakeAws();
        await Deploy.YamlAsync("""
            Conditions:
              Never: !Equals [a, b]
            Resources:
              Queue:
                Type: AWS::SQS::Queue
                Properties:
                  QueueName: q
                  MessageRetentionPeriod: !If [Never, 60, !Ref AWS::NoValue]
                  VisibilityTimeout: !If [Never, !Ref AWS::NoValue, 45]
            """, aws);
        var attributes = aws.Sqs.Queues[FakeSqsClient.UrlOf("q")];
        Assert.False(attributes.ContainsKey("MessageRetentionPeriod"));
        Assert.Equal("45", attributes["VisibilityTimeout"]);
    }

    [Theory]
    [InlineData("{'Fn::Frobnicate': x}", "unsupported intrinsic function 'Fn::Frobnicate'")]
    [InlineData("!Frobnicate x", "unsupported intrinsic function 'Fn::Frobnicate'")]
    [InlineData("!GetAZs ''", "unsupported intrinsic function 'Fn::GetAZs'")]
    [InlineData("!ImportValue SharedVpc", "Fn::ImportValue reads another stack's export")]
    [InlineData("!Ref Nope", "Ref to 'Nope', which is neither a parameter")]
    [InlineData("!GetAtt Nope.Arn", "Fn::GetAtt refers to 'Nope', which is not a resource")]
    [InlineData("!Sub '${Nope.Arn}'", "Fn::GetAtt refers to 'Nope'")]
    [InlineData("!Sub '${Nope}'", "Ref to 'Nope'")]
    [InlineData("!If [Unknown, a, b]", "condition 'Unknown' is not declared")]
    [InlineData("!FindInMap [NoMap, a, b]", "mapping 'NoMap', which is not declared")]
    public async Task BadExpressionInAResourceIsAnErrorNamingTheResourceAndCreatesNothing(string expression, string message)
    {
        using var aws = new FakeAws();
        var error = await Assert.ThrowsAsync<TemplateException>(() => Deploy.YamlAsync($"""
            {Declarations}
              Topic:
                Type: AWS::SNS::Topic
                Properties:
                  DisplayName: {expression}
            """, aws));
        Assert.Contains(message, error.Message);
        Assert.Contains("Resource Topic (AWS::SNS::Topic)", error.Message);
        Assert.Empty(aws.Sqs.Queues);
    }

    [Theory]
    [InlineData("!GetAtt Queue.Colour", "has no attribute 'Colour' locally")]
    [InlineData("!Select [7, !Ref Names]", "Fn::Select index 7 is outside the list of 3")]
    [InlineData("!Equals [a, a]", "Fn::Equals belongs in Conditions")]
    [InlineData("!FindInMap [Sizes, test, Memory]", "mapping 'Sizes' has no key 'test'")]
    [InlineData("!Join [',', !Ref Env]", "Fn::Join needs a list")]
    [InlineData("!Ref AWS::NoValue", "resolves to AWS::NoValue")]
    public async Task ExpressionThatCannotBeEvaluatedIsAnErrorNamingTheOutput(string expression, string message)
    {
        var error = await Assert.ThrowsAsync<TemplateException>(() => OutputsAsync(expression));
        Assert.Contains(message, error.Message);
        Assert.Contains("Output X", error.Message);
    }

    [Fact]
    public async Task ConditionThatDependsOnItselfIsAnError()
    {
        var error = await Assert.ThrowsAsync<TemplateException>(() => Deploy.OutputsAsync("""
            Conditions:
              A: !Not [!Condition B]
              B: !Not [!Condition A]
            Resources:
              Topic:
                Type: AWS::SNS::Topic
                Condition: A
            """));
        Assert.Contains("depends on itself", error.Message);
    }
}
