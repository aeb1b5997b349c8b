using System.Text.Json;
using Amazon.SQS.Model;
using Ingestion.Messaging;
using Ingestion.Workers.Messages;

namespace Ingestion.Tests.Workers;

/// <summary>Builds SQS messages and events the way the API and SNS deliver them.</summary>
internal static class TestMessages
{
    public const string TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

    public static IngestionEvent Event(string entityName, string bodyJson, string eventId = "evt-1", DateTimeOffset? receivedAt = null) =>
        new(eventId, "sourceB", entityName, receivedAt ?? new DateTimeOffset(2026, 11, 24, 11, 40, 0, TimeSpan.Zero), JsonDocument.Parse(bodyJson).RootElement.Clone());

    public static string Json(IngestionEvent ingestionEvent) => JsonSerializer.Serialize(ingestionEvent);

    public static Message Raw(string id, string group, string body, int receiveCount = 1, IReadOnlyDictionary<string, string>? attributes = null) => new()
    {
        MessageId = id,
        ReceiptHandle = $"receipt-{id}",
        Body = body,
        Attributes = new Dictionary<string, string>
        {
            ["MessageGroupId"] = group,
            ["ApproximateReceiveCount"] = receiveCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["SentTimestamp"] = "1795520400000",
        },
        MessageAttributes = (attributes ?? new Dictionary<string, string>())
            .ToDictionary(pair => pair.Key, pair => new MessageAttributeValue { DataType = "String", StringValue = pair.Value }),
    };

    public static InboundMessage Inbound(string id, string group, string body = "{}", int receiveCount = 1) =>
        InboundMessage.From(Raw(id, group, body, receiveCount));

    public static string Contract(string contractId, string name = "Bridge", string status = "ACTIVE") =>
        $$"""{"contract_id":"{{contractId}}","contract_name":"{{name}}","contract_type":"FIXED_PRICE","contract_status":"{{status}}"}""";
}
