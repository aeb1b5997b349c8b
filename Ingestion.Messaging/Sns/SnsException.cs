using System.Net;

namespace Ingestion.Messaging.Sns;

/// <summary>An error SNS answered with (or a failure to reach it), typed enough for callers to decide.</summary>
public sealed class SnsException(string message, string errorCode, HttpStatusCode? statusCode, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>The SNS error code, e.g. "Throttling", "InvalidParameter", "NotFound"; "Unreachable" when no answer came.</summary>
    public string ErrorCode { get; } = errorCode;

    public HttpStatusCode? StatusCode { get; } = statusCode;

    /// <summary>True when retrying later may succeed: throttling, 5xx, or no connection.</summary>
    public bool IsTransient =>
        StatusCode is null
        || (int)StatusCode >= 500
        || ErrorCode is "Throttling" or "ThrottlingException" or "ThrottledException" or "RequestThrottled" or "Unreachable";
}
