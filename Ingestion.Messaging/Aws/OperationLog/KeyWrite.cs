using System.Text.Json.Serialization;

namespace Ingestion.Messaging.Aws.OperationLog;

/// <summary>
/// The write units one DynamoDB write charged one partition key: the item's own key
/// (<paramref name="Index"/> null) or the key of a global secondary index the item lands in.
/// </summary>
public sealed record KeyWrite(
    [property: JsonPropertyName("index"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Index,
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("units")] double Units);
