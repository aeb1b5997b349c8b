using Ingestion.Hosting.AWS.Provisioning;
using Ingestion.Tests.Provisioning.Fakes;

namespace Ingestion.Tests.Provisioning;

public sealed class ParameterTests
{
    private static Task<IReadOnlyDictionary<string, string>> OutputAsync(string declaration, Dictionary<string, string>? overrides = null) =>
        Deploy.OutputsAsync($"""
            Parameters:
              P:
            {declaration}
            Resources:
              Topic:
                Type: AWS::SNS::Topic
            Outputs:
              X:
                Value: !Join [',', !Ref P]
            """, overrides);

    private static Task<IReadOnlyDictionary<string, string>> ScalarOutputAsync(string declaration, Dictionary<string, string>? overrides = null) =>
        Deploy.OutputsAsync($"""
            Parameters:
              P:
            {declaration}
            Resources:
              Topic:
                Type: AWS::SNS::Topic
            Outputs:
              X:
                Value: !Ref P
            """, overrides);

    [Fact]
    public async Task DefaultIsUsedWithoutAnOverride() =>
        Assert.Equal("5", (await ScalarOutputAsync("    Type: Number\n    Default: 5"))["X"]);

    [Fact]
    public async Task OverrideWinsOverTheDefault() =>
        Assert.Equal("3", (await ScalarOutputAsync("    Type: Number\n    Default: 5", new() { ["P"] = "3" }))["X"]);

    [Fact]
    public async Task ListParameterIsAList() =>
        Assert.Equal("x,y", (await OutputAsync("    Type: CommaDelimitedList\n    Default: 'x,y'"))["X"]);

    [Theory]
    [InlineData("    Type: String", null, "P has no Default and no value was given")]
    [InlineData("    Type: Number\n    Default: 5", "five", "'five' is not a number")]
    [InlineData("    Type: Number\n    Default: 5\n    MinValue: 1\n    MaxValue: 10", "0", "0 is below MinValue 1")]
    [InlineData("    Type: Number\n    Default: 5\n    MinValue: 1\n    MaxValue: 10", "11", "11 is above MaxValue 10")]
    [InlineData("    Type: List<Number>\n    Default: '1,2'", "1,x", "'x' is not a number")]
    [InlineData("    Type: String\n    Default: dev\n    AllowedValues: [dev, prod]", "test", "'test' is not one of the AllowedValues [dev, prod]")]
    [InlineData("    Type: String\n    Default: abc\n    AllowedPattern: '[a-z]+'\n    ConstraintDescription: lower-case letters only", "abc1", "does not match AllowedPattern '[a-z]+' (lower-case letters only)")]
    [InlineData("    Type: String\n    Default: abc\n    MinLength: 2\n    MaxLength: 4", "a", "shorter than MinLength 2")]
    [InlineData("    Type: String\n    Default: abc\n    MinLength: 2\n    MaxLength: 4", "abcde", "longer than MaxLength 4")]
    [InlineData("    Type: AWS::SSM::Parameter::Value<String>\n    Default: /x", null, "reads SSM Parameter Store")]
    [InlineData("    Type: Strnig\n    Default: x", null, "unknown parameter type 'Strnig'")]
    public async Task InvalidParameterValueIsRejectedBeforeAnythingIsCreated(string declaration, string? value, string message)
    {
        var error = await Assert.ThrowsAsync<TemplateException>(() => ScalarOutputAsync(declaration, value is null ? null : new() { ["P"] = value }));
        Assert.Contains(message, error.Message);
        Assert.Contains("Parameter P", error.Message);
    }

    [Fact]
    public async Task OverrideOfAnUndeclaredParameterIsRejected()
    {
        var error = await Assert.ThrowsAsync<TemplateException>(() => ScalarOutputAsync("    Type: String\n    Default: x", new() { ["Typo"] = "1" }));
        Assert.Contains("Typo not declared", error.Message);
    }
}
