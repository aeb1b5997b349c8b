namespace Ingestion.Benchmarks.Cost;

/// <summary>
/// Public list prices, us-east-1, USD, from the AWS pricing pages (aws.amazon.com/sns/pricing,
/// /sqs/pricing, /dynamodb/pricing/on-demand, /s3/pricing) as they stood on <see cref="AsOf"/>; they
/// were not re-read from this machine (no access to those pages), so check them before quoting a bill.
/// Free tiers left out. Change them here only, with the date.
/// </summary>
internal static class AwsPrices
{
    public const string AsOf = "2025-06-01";

    public const string Source = "aws.amazon.com/sns/pricing, /sqs/pricing, /dynamodb/pricing/on-demand, /s3/pricing (us-east-1, list prices, no free tier)";

    /// <summary>SNS FIFO topic: Publish and PublishBatch API requests, each 64 KB chunk one request.</summary>
    public const double SnsFifoPublishPerMillion = 0.30;

    public const double SnsFifoPublishPayloadPerGb = 0.017;

    /// <summary>SNS FIFO topic: subscription messages delivered to SQS FIFO.</summary>
    public const double SnsFifoDeliveryPerMillion = 0.01;

    public const double SnsFifoDeliveryPayloadPerGb = 0.001;

    /// <summary>SQS FIFO queue: every API request (and each delivery into it), each 64 KB chunk one request.</summary>
    public const double SqsFifoPerMillionRequests = 0.50;

    /// <summary>DynamoDB on-demand, standard table class (after the November 2024 reduction).</summary>
    public const double DynamoDbPerMillionWriteUnits = 0.625;

    public const double DynamoDbPerMillionReadUnits = 0.125;

    /// <summary>S3 Standard: PUT, COPY, POST, LIST requests.</summary>
    public const double S3PutPerThousand = 0.005;
}
