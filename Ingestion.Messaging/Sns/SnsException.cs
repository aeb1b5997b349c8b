using System.Net;

namespace Ingestion.Messaging.Sns;

/// <summary>An error SNS answered with (or a failure to reach it), typed enough for callers to decide.</summary>
public sealed class SnsException(string message, string errorCode, HttpStatusCode? statusCode, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>The code <see cref="SnsClient"/> uses when no answer came (connection refused, timeout, DNS).</summary>
    public const string UnreachableErrorCode = "Unreachable";

    /// <summary>The code when the SDK's credential chain found no credentials in time (instance metadata or SSO slow or down).</summary>
    public const string CredentialsUnavailableErrorCode = "CredentialsUnavailable";

    /// <summary>The SNS error code, e.g. "Throttling", "InvalidParameter", "NotFound"; "Unreachable" when no answer came.</summary>
    public string ErrorCode { get; } = errorCode;

    public HttpStatusCode? StatusCode { get; } = statusCode;

    /// <summary>The request id SNS gave the failed call, for AWS support; null when no answer came.</summary>
    public string? RequestId { get; init; }

    /// <summary>
    /// True when retrying later may succeed: throttling, 5xx, no connection, or credentials that
    /// were expired or could not be fetched (each attempt resolves them again, and they rotate).
    /// </summary>
    public bool IsTransient =>
        StatusCode is null
        || (int)StatusCode >= 500
        || StatusCode == HttpStatusCode.TooManyRequests
        || IsThrottlingCode(ErrorCode)
        || IsTransientCredentialCode(ErrorCode)
        || ErrorCode is UnreachableErrorCode or "RequestTimeout" or "RequestTimeoutException";

    /// <summary>Expired session credentials, or a signature too old (clock skew); a wrong key is not among them.</summary>
    internal static bool IsTransientCredentialCode(string code) => code is
        CredentialsUnavailableErrorCode or "ExpiredToken" or "ExpiredTokenException" or "RequestExpired" or "IDPCommunicationError";

    /// <summary>The throttling codes the AWS SDKs' standard retry mode retries, plus SNS's own.</summary>
    internal static bool IsThrottlingCode(string code) => code is
        "Throttling" or "ThrottlingException" or "ThrottledException" or "Throttled"
        or "RequestThrottled" or "RequestThrottledException" or "TooManyRequestsException"
        or "ProvisionedThroughputExceededException" or "TransactionInProgressException"
        or "RequestLimitExceeded" or "BandwidthLimitExceeded" or "LimitExceededException"
        or "SlowDown" or "PriorRequestNotComplete" or "EC2ThrottledException" or "KMSThrottling";
}
