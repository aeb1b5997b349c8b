using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Ingestion.Api.Sources;
using Ingestion.Tests.Workers;

namespace Ingestion.Tests.Api;

/// <summary>The API's number rule is DynamoDB's: what it accepts dynalite stores, what it refuses dynalite refuses.</summary>
public sealed class DynamoDbNumberTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    public static TheoryData<string, bool> Numbers => new()
    {
        { "0", true },
        { "-0.0", true },
        { "85", true },
        { "91.5", true },
        { "12345678901234567890123456789012345678", true },
        { "1234567890123456789012345678901234567800000", true },
        { "0.00000000000000000000000000000000000000000012345678901234567890123456789012345678", true },
        { "1E-130", true },
        { "-1E-130", true },
        { "9.9999999999999999999999999999999999999E+125", true },
        { "91.00000000000000000000000000000000000001", false },
        { "123456789012345678901234567890123456789", false },
        { "1E-131", false },
        { "0.99E-130", false },
        { "1E+126", false },
        { "10E+125", false },
        { "1e999999999999999999999", false },
    };

    [Theory]
    [MemberData(nameof(Numbers))]
    public void TheRuleKnowsWhatDynamoDbStores(string number, bool storable)
    {
        Assert.Equal(storable, DynamoDbNumber.Problem(number) is null);
    }

    [Theory]
    [MemberData(nameof(Numbers))]
    public async Task DynaliteAgreesWithTheRule(string number, bool storable)
    {
        var put = dynalite.Client.PutItemAsync(new PutItemRequest
        {
            TableName = DynaliteFixture.TableName,
            Item = new()
            {
                ["ID"] = new AttributeValue { S = $"NUMBER#{Guid.NewGuid():N}" },
                ["VALUE"] = new AttributeValue { N = number },
            },
        }, TestContext.Current.CancellationToken);

        if (storable)
        {
            await put;
        }
        else
        {
            var refused = await Assert.ThrowsAnyAsync<AmazonDynamoDBException>(() => put);
            Assert.Equal("ValidationException", refused.ErrorCode);
        }
    }
}
