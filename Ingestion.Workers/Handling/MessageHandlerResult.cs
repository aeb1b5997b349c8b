namespace Ingestion.Workers.Handling;

internal enum MessageHandlerStatus
{
    Success,
    Failed,

    /// <summary>Fails the same way however often it is tried (a malformed event, a value DynamoDB refuses): dead-lettered at once.</summary>
    Rejected,
}

/// <param name="ErrorType">A short, low-cardinality category for metrics and the span's <c>error.type</c>.</param>
internal sealed record MessageHandlerResult(MessageHandlerStatus Status, string? Reason = null, string? ErrorType = null)
{
    public static readonly MessageHandlerResult Success = new(MessageHandlerStatus.Success);

    public bool Succeeded => Status == MessageHandlerStatus.Success;

    public bool IsPermanent => Status == MessageHandlerStatus.Rejected;

    public static MessageHandlerResult Failed(string reason, string errorType = "handler_failed") =>
        new(MessageHandlerStatus.Failed, reason, errorType);

    public static MessageHandlerResult Rejected(string reason, string errorType) =>
        new(MessageHandlerStatus.Rejected, reason, errorType);
}
