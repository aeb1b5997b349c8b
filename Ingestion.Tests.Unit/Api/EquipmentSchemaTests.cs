using static Ingestion.Tests.Api.ValidatorHarness;

namespace Ingestion.Tests.Api;

public sealed class EquipmentSchemaTests
{
    [Fact]
    public void EquipmentWithOnlyRequiredFieldsIsAcceptedWithItsItemKey() =>
        Assert.Equal("EQUIPMENT#e-1", Assert.Single(Validate("sourceA", Event("EQUIPMENT", """{"equipment_id":"e-1","contract_id":"c-1"}""")).Events).ItemKey);

    [Fact]
    public void OptionalReferencesMayBeGivenOrNull()
    {
        AssertValid("sourceA", Event("EQUIPMENT", """{"equipment_id":"e-2","contract_id":"c-1","parent_equipment_id":"e-1","current_milestone_id":"m-1"}"""));
        AssertValid("sourceA", Event("EQUIPMENT", """{"equipment_id":"e-2","contract_id":"c-1","parent_equipment_id":null,"current_milestone_id":null}"""));
    }

    [Fact]
    public void RequiredIdsAreListedWhenMissing()
    {
        var errors = Errors("sourceA", Event("EQUIPMENT", """{"parent_equipment_id":"e-1"}"""));

        Assert.Equal(["body.contract_id", "body.equipment_id"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void OptionalReferencesMustBeIdentifiers()
    {
        var errors = Errors("sourceA", Event("EQUIPMENT", """{"equipment_id":"e-2","contract_id":"c-1","parent_equipment_id":7,"current_milestone_id":"m 1"}"""));

        Assert.Equal(["must be a string, not a number"], errors["body.parent_equipment_id"]);
        Assert.Contains("printable ASCII", Assert.Single(errors["body.current_milestone_id"]), StringComparison.Ordinal);
    }
}
