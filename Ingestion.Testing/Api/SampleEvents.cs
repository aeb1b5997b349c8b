namespace Ingestion.Tests.Api;

internal static class SampleEvents
{
    public static string Contract(string id = "c-1", string? eventId = null) =>
        $$$"""{"entity_name":"CONTRACT",{{{EventIdField(eventId)}}}"body":{"contract_id":"{{{id}}}","contract_name":"Bridge","contract_type":"FIXED_PRICE","contract_status":"ACTIVE"}}""";

    /// <summary>A contract in a given status, with its event id: what ordering tests send in sequence.</summary>
    public static string Contract(string id, string status, string eventId, string name = "Bridge") =>
        $$$"""{"entity_name":"CONTRACT","event_id":"{{{eventId}}}","body":{"contract_id":"{{{id}}}","contract_name":"{{{name}}}","contract_type":"FIXED_PRICE","contract_status":"{{{status}}}"}}""";

    public static string Milestone(string id = "m-1") =>
        $$$"""{"entity_name":"MILESTONE","body":{"milestone_id":"{{{id}}}","contract_id":"c-1","description":"Foundations","start_date":"2026-01-01","end_date":"2026-03-31T17:00:00Z"}}""";

    public static string Equipment(string id = "e-1") =>
        $$$"""{"entity_name":"EQUIPMENT","body":{"equipment_id":"{{{id}}}","contract_id":"c-1"}}""";

    public static string Batch(int count, Func<int, string> item) => "[" + string.Join(",", Enumerable.Range(0, count).Select(item)) + "]";

    private static string EventIdField(string? eventId) => eventId is null ? "" : $"\"event_id\":\"{eventId}\",";
}
