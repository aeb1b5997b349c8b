namespace Ingestion.Messaging.Sns;

/// <summary>OpenTelemetry semantic-convention attribute names (no OpenTelemetry package is referenced here).</summary>
internal static class SemanticTags
{
    public const string MessagingSystem = "messaging.system";
    public const string MessagingDestinationName = "messaging.destination.name";
    public const string MessagingOperationType = "messaging.operation.type";
    public const string MessagingOperationName = "messaging.operation.name";
    public const string MessagingBatchMessageCount = "messaging.batch.message_count";
    public const string MessagingMessageId = "messaging.message.id";
    public const string RpcSystem = "rpc.system";
    public const string RpcService = "rpc.service";
    public const string RpcMethod = "rpc.method";
    public const string AwsRequestId = "aws.request_id";
    public const string ServerAddress = "server.address";
    public const string ServerPort = "server.port";
    public const string ErrorType = "error.type";
    public const string HttpResponseStatusCode = "http.response.status_code";
}
