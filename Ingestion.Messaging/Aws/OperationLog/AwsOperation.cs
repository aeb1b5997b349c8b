using System.Text.Json.Serialization;

namespace Ingestion.Messaging.Aws.OperationLog;

/// <summary>
/// One AWS call a process made, as the operation log records it (one JSON object per line):
/// enough to ask whether an IAM policy allows it. Resources are as the call named them. With write
/// metering on, a DynamoDB write also lists the write units each partition key received (<see cref="Writes"/>);
/// an SQS ReceiveMessage says how many messages it brought back (<see cref="Received"/>).
/// </summary>
public sealed record AwsOperation(
    [property: JsonPropertyName("process")] string Process,
    [property: JsonPropertyName("service")] string Service,
    [property: JsonPropertyName("operation")] string Operation,
    [property: JsonPropertyName("table"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Table = null,
    [property: JsonPropertyName("index"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Index = null,
    [property: JsonPropertyName("leading_keys"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? LeadingKeys = null,
    [property: JsonPropertyName("queue"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Queue = null,
    [property: JsonPropertyName("bucket"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Bucket = null,
    [property: JsonPropertyName("object_key"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ObjectKey = null,
    [property: JsonPropertyName("topic"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Topic = null,
    [property: JsonPropertyName("writes"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<KeyWrite>? Writes = null,
    [property: JsonPropertyName("received"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Received = null,
    [property: JsonPropertyName("at"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? At = null);
