using static Ingestion.Tests.Api.ValidatorHarness;

namespace Ingestion.Tests.Api;

public sealed class ContractSchemaTests
{
    private const string Valid = """{"contract_id":"c-1","contract_name":"Bridge","contract_type":"FIXED_PRICE","contract_status":"ACTIVE"}""";

    [Fact]
    public void ValidContractIsAcceptedWithItsItemKey()
    {
        var result = Validate("sourceB", Event("CONTRACT", Valid));

        var validated = Assert.Single(result.Events);
        Assert.Equal("CONTRACT#c-1", validated.ItemKey);
        Assert.Equal("CONTRACT", validated.EntityName);
    }

    [Theory]
    [InlineData("contract_id")]
    [InlineData("contract_name")]
    [InlineData("contract_type")]
    [InlineData("contract_status")]
    public void EachFieldIsRequired(string field)
    {
        var body = System.Text.Json.Nodes.JsonNode.Parse(Valid)!.AsObject();
        body.Remove(field);

        var errors = Errors("sourceB", Event("CONTRACT", body.ToJsonString()));

        Assert.Equal(["is required"], errors[$"body.{field}"]);
    }

    [Fact]
    public void EveryMissingFieldIsListedAtOnce()
    {
        var errors = Errors("sourceB", Event("CONTRACT", "{}"));

        Assert.Equal(["body.contract_id", "body.contract_name", "body.contract_status", "body.contract_type"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("FIXED_PRICE")]
    [InlineData("TIME_AND_MATERIALS")]
    [InlineData("COST_PLUS")]
    public void EveryContractTypeIsAccepted(string type) =>
        AssertValid("sourceB", Event("CONTRACT", Valid.Replace("FIXED_PRICE", type, StringComparison.Ordinal)));

    [Theory]
    [InlineData("DRAFT")]
    [InlineData("ACTIVE")]
    [InlineData("SUSPENDED")]
    [InlineData("COMPLETED")]
    [InlineData("CANCELLED")]
    public void EveryContractStatusIsAccepted(string status) =>
        AssertValid("sourceB", Event("CONTRACT", Valid.Replace("ACTIVE", status, StringComparison.Ordinal)));

    [Theory]
    [InlineData("contract_type", "fixed_price")]
    [InlineData("contract_type", "LUMP_SUM")]
    [InlineData("contract_status", "OPEN")]
    public void ValuesOutsideTheEnumAreRejected(string field, string value)
    {
        var body = System.Text.Json.Nodes.JsonNode.Parse(Valid)!.AsObject();
        body[field] = value;

        var errors = Errors("sourceB", Event("CONTRACT", body.ToJsonString()));

        Assert.StartsWith("must be one of ", Assert.Single(errors[$"body.{field}"]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("contract_id", "42")]
    [InlineData("contract_name", "true")]
    [InlineData("contract_type", "[]")]
    [InlineData("contract_status", "{}")]
    public void NonStringFieldsAreRejected(string field, string json)
    {
        var body = System.Text.Json.Nodes.JsonNode.Parse(Valid)!.AsObject();
        body[field] = System.Text.Json.Nodes.JsonNode.Parse(json);

        var errors = Errors("sourceB", Event("CONTRACT", body.ToJsonString()));

        Assert.StartsWith("must be a string", Assert.Single(errors[$"body.{field}"]), StringComparison.Ordinal);
    }

    [Fact]
    public void BlankNameIsRejected()
    {
        var errors = Errors("sourceB", Event("CONTRACT", Valid.Replace("\"Bridge\"", "\"  \"", StringComparison.Ordinal)));

        Assert.Equal(["must not be empty"], errors["body.contract_name"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("c 1")]
    [InlineData("contrat-é")]
    public void IdentifiersThatCannotFormAMessageGroupAreRejected(string id)
    {
        var errors = Errors("sourceB", Event("CONTRACT", Valid.Replace("\"c-1\"", $"\"{id}\"", StringComparison.Ordinal)));

        Assert.Contains("printable ASCII", Assert.Single(errors["body.contract_id"]), StringComparison.Ordinal);
    }

    [Fact]
    public void OverlongIdentifierIsRejected()
    {
        var errors = Errors("sourceB", Event("CONTRACT", Valid.Replace("c-1", new string('c', 101), StringComparison.Ordinal)));

        Assert.Contains("1 to 100", Assert.Single(errors["body.contract_id"]), StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownBodyFieldIsRejected()
    {
        var errors = Errors("sourceB", Event("CONTRACT", Valid.Replace("{", """{"contract_nme":"typo",""", StringComparison.Ordinal)));

        Assert.Equal(["is not a field of this entity"], errors["body.contract_nme"]);
    }
}
