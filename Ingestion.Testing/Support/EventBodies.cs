using System.Text.Json.Nodes;

namespace Ingestion.Tests.Support;

/// <summary>Events as a producer posts them, for tests that post through the API (the topology's or a task's).</summary>
public static class EventBodies
{
    public static string UniqueId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    public static JsonObject Contract(string contractId, string status = "ACTIVE", string name = "Bridge") => new()
    {
        ["entity_name"] = "CONTRACT",
        ["body"] = new JsonObject
        {
            ["contract_id"] = contractId,
            ["contract_name"] = name,
            ["contract_type"] = "FIXED_PRICE",
            ["contract_status"] = status,
        },
    };

    public static JsonObject Milestone(string milestoneId, string contractId) => new()
    {
        ["entity_name"] = "MILESTONE",
        ["body"] = new JsonObject
        {
            ["milestone_id"] = milestoneId,
            ["contract_id"] = contractId,
            ["description"] = "Foundations poured",
            ["start_date"] = "2026-11-01T00:00:00Z",
            ["end_date"] = "2026-12-01T00:00:00Z",
        },
    };

    public static JsonObject Equipment(string equipmentId, string contractId) => new()
    {
        ["entity_name"] = "EQUIPMENT",
        ["body"] = new JsonObject { ["equipment_id"] = equipmentId, ["contract_id"] = contractId },
    };
}
