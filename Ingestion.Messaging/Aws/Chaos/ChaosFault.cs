namespace Ingestion.Messaging.Aws.Chaos;

/// <summary>What an injected fault looks like to the client.</summary>
public enum ChaosFault
{
    /// <summary>The service's own throttling error (DynamoDB's ProvisionedThroughputExceededException as HTTP 400 JSON, S3's 503 SlowDown, …).</summary>
    Throttle,

    /// <summary>An HTTP 500 with the service's internal-error body.</summary>
    ServerError,

    /// <summary>No answer at all: the connection fails before a response (an unreachable endpoint).</summary>
    Unreachable,

    /// <summary>The request waits <see cref="ChaosSettings.Latency"/> before it is sent; a long one is a hung endpoint, cut off by the caller's own timeout.</summary>
    Latency,
}
