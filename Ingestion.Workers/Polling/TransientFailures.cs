using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;

namespace Ingestion.Workers.Polling;

/// <summary>
/// Whether an exception says the store (DynamoDB, or S3 for the archive) is unavailable rather than
/// that this message is wrong: throttling, a 5xx, a timeout or no connection. Such failures open
/// <see cref="StoreCircuit"/>; any other failure is the message's own.
/// </summary>
internal static class TransientFailures
{
    private static readonly HashSet<string> UnavailableCodes = new(StringComparer.Ordinal)
    {
        "ProvisionedThroughputExceededException", "ThrottlingException", "Throttling", "RequestLimitExceeded",
        "RequestThrottled", "RequestThrottledException", "TooManyRequestsException", "SlowDown",
        "InternalServerError", "InternalFailure", "InternalError", "ServiceUnavailable", "ServiceUnavailableException",
        "RequestTimeout", "RequestTimeoutException",
    };

    public static bool IsStoreUnavailable(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case AmazonServiceException service when (int)service.StatusCode >= 500
                    || service.StatusCode == HttpStatusCode.TooManyRequests
                    || (service.ErrorCode is { } code && UnavailableCodes.Contains(code)):
                    return true;
                case AmazonServiceException:
                    // A 4xx the service meant (validation, access, a missing table): not an outage.
                    return false;
                case HttpRequestException or TimeoutException or SocketException or IOException or TaskCanceledException:
                    return true;
            }
        }

        return false;
    }
}
