namespace Ingestion.Benchmarks.Cost;

/// <summary>
/// The requests a run made for a number of events. Every call here is far below 64 KB, so one
/// call is one billed request; a write of an item under 1 KB is one write unit, a read one read
/// unit (conservative: an eventually consistent read of up to 4 KB is half of one).
/// <see cref="EmptyReceivesLeftOut"/>: the emulator's empty long-poll answers, not in <see cref="SqsRequests"/>.
/// <see cref="EmulatorConsumerRequests"/>: for a consumer priced as SQS would answer it (the blog's design),
/// the receives and deletes it made on fauxqs, which answers one message per group per receive.
/// </summary>
internal sealed record RequestCounts(
    long Events,
    long SnsPublishRequests,
    long SnsDeliveries,
    long SqsRequests,
    long DynamoDbWriteUnits,
    long DynamoDbReadUnits,
    long S3Puts,
    long EmptyReceivesLeftOut = 0,
    long? EmulatorConsumerRequests = null);

internal sealed record CostLine(string Item, double PerEvent, double UsdPerMillionEvents);

internal sealed record CostEstimate(IReadOnlyList<CostLine> Lines, double UsdPerMillionEvents);

/// <summary>What a million events would cost on AWS at <see cref="AwsPrices"/>, from the request counts a run made.</summary>
internal static class CostModel
{
    private const double Gb = 1024d * 1024 * 1024;

    /// <param name="messageBytes">The published message's size (payload charges of SNS).</param>
    public static CostEstimate Estimate(RequestCounts counts, int messageBytes)
    {
        if (counts.Events <= 0)
        {
            return new CostEstimate([], 0);
        }

        double PerEvent(long count) => (double)count / counts.Events;
        var deliveriesPerEvent = PerEvent(counts.SnsDeliveries);
        List<CostLine> lines =
        [
            Line("SNS publish requests", PerEvent(counts.SnsPublishRequests), AwsPrices.SnsFifoPublishPerMillion / 1e6),
            Line("SNS published payload (GB)", messageBytes / Gb, AwsPrices.SnsFifoPublishPayloadPerGb),
            Line("SNS deliveries to SQS", deliveriesPerEvent, AwsPrices.SnsFifoDeliveryPerMillion / 1e6),
            Line("SNS delivered payload (GB)", deliveriesPerEvent * messageBytes / Gb, AwsPrices.SnsFifoDeliveryPayloadPerGb),
            Line("SQS requests", PerEvent(counts.SqsRequests), AwsPrices.SqsFifoPerMillionRequests / 1e6),
            Line("DynamoDB write units", PerEvent(counts.DynamoDbWriteUnits), AwsPrices.DynamoDbPerMillionWriteUnits / 1e6),
            Line("DynamoDB read units", PerEvent(counts.DynamoDbReadUnits), AwsPrices.DynamoDbPerMillionReadUnits / 1e6),
            Line("S3 PUT requests", PerEvent(counts.S3Puts), AwsPrices.S3PutPerThousand / 1e3),
        ];
        return new CostEstimate(lines, lines.Sum(line => line.UsdPerMillionEvents));
    }

    private static CostLine Line(string item, double perEvent, double unitPrice) => new(item, perEvent, perEvent * unitPrice * 1e6);
}
