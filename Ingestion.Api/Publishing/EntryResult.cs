namespace Ingestion.Api.Publishing;

/// <summary>What SNS said about one entry: a MessageId, or an error code and whether a retry may succeed.</summary>
public sealed record EntryResult(string? MessageId, string? ErrorCode, bool Transient)
{
    public bool Published => MessageId is not null;

    public static EntryResult Success(string messageId) => new(messageId, null, false);

    public static EntryResult Failure(string errorCode, bool transient) => new(null, errorCode, transient);
}
