using Ingestion.Benchmarks.Cost;

namespace Ingestion.Tests.Benchmarks;

public sealed class CostModelTests
{
    [Fact]
    public void EachRequestKindIsPricedPerEventAtItsListPrice()
    {
        // A million events: 100,000 PublishBatch calls, two deliveries each, 400,000 SQS calls
        // besides the deliveries, three writes each, one archive object per ten events.
        var counts = new RequestCounts(1_000_000, 100_000, 2_000_000, 2_400_000, 3_000_000, 0, 100_000);

        var estimate = CostModel.Estimate(counts, messageBytes: 0);

        Assert.Equal(100_000 * AwsPrices.SnsFifoPublishPerMillion / 1e6, Line(estimate, "SNS publish requests"), 9);
        Assert.Equal(2 * AwsPrices.SnsFifoDeliveryPerMillion, Line(estimate, "SNS deliveries to SQS"), 9);
        Assert.Equal(2.4 * AwsPrices.SqsFifoPerMillionRequests, Line(estimate, "SQS requests"), 9);
        Assert.Equal(3 * AwsPrices.DynamoDbPerMillionWriteUnits, Line(estimate, "DynamoDB write units"), 9);
        Assert.Equal(100 * AwsPrices.S3PutPerThousand, Line(estimate, "S3 PUT requests"), 9);
        Assert.Equal(estimate.Lines.Sum(line => line.UsdPerMillionEvents), estimate.UsdPerMillionEvents, 9);
    }

    [Fact]
    public void PayloadIsPricedPerGigabytePublishedAndDelivered()
    {
        var counts = new RequestCounts(1_000_000, 0, 2_000_000, 0, 0, 0, 0);
        const int bytes = 1024;

        var estimate = CostModel.Estimate(counts, bytes);

        var gigabytes = 1_000_000 * bytes / (1024d * 1024 * 1024);
        Assert.Equal(gigabytes * AwsPrices.SnsFifoPublishPayloadPerGb, Line(estimate, "SNS published payload (GB)"), 9);
        Assert.Equal(2 * gigabytes * AwsPrices.SnsFifoDeliveryPayloadPerGb, Line(estimate, "SNS delivered payload (GB)"), 9);
    }

    [Fact]
    public void TheBlogsConsumerIsPricedAsSqsAnswersABacklogOfOneGroupNotAsTheEmulatorDoes()
    {
        // 1,000 events accepted, 995 stored by the consumer in 995 receives and 995 deletes (fauxqs: one
        // message per group per receive); SQS would have answered 100 receives of up to 10 and 100 deletes.
        var requests = Ingestion.Benchmarks.Stages.BlogDesign.Requests(accepted: 1_000, publishes: 1_000, puts: 995, emulatorConsumerRequests: 1_990);

        Assert.Equal(1_000 + 201, requests.SqsRequests); // each delivery, and 100 + 100 scaled to every accepted event
        Assert.Equal(2_000, requests.EmulatorConsumerRequests); // one receive and one delete per event, scaled alike
        Assert.Equal(1_000, requests.DynamoDbWriteUnits);
        Assert.Equal(1_000, requests.SnsDeliveries);
    }

    [Fact]
    public void NoEventsCostNothing()
    {
        Assert.Equal(0, CostModel.Estimate(new RequestCounts(0, 5, 5, 5, 5, 5, 5), 100).UsdPerMillionEvents);
    }

    [Fact]
    public void TheOperationLogIsCountedIntoRequestsWithEachDeliveryAlsoAnSqsRequestAndEachItemReadOrWrittenAUnit()
    {
        var lines = new[]
        {
            """{"process":"api","service":"sns","operation":"PublishBatch"}""",
            """{"process":"api","service":"dynamodb","operation":"UpdateItem","table":"datastore"}""",
            """{"process":"worker-sourceB","service":"sqs","operation":"ReceiveMessage"}""",
            """{"process":"worker-sourceB","service":"sqs","operation":"DeleteMessageBatch"}""",
            """{"process":"worker-archive","service":"sqs","operation":"ReceiveMessage","received":0}""",
            """{"process":"worker-archive","service":"sqs","operation":"ReceiveMessage","received":0}""",
            """{"process":"worker-archive","service":"sqs","operation":"ReceiveMessage","received":3}""",
            """{"process":"worker-sourceB","service":"dynamodb","operation":"PutItem"}""",
            """{"process":"worker-sourceB","service":"dynamodb","operation":"PutItem"}""",
            """{"process":"worker-noise-statistics","service":"dynamodb","operation":"BatchGetItem"}""",
            """{"process":"worker-sourceB","service":"dynamodb","operation":"BatchGetItem","leading_keys":["APPLIED#CONTRACT#e-1","CONTRACT#c-1"]}""",
            """{"process":"worker-sourceB","service":"dynamodb","operation":"BatchWriteItem","leading_keys":["APPLIED#CONTRACT#e-1","APPLIED#CONTRACT#e-2","APPLIED#CONTRACT#e-3"]}""",
            """{"process":"worker-archive","service":"s3","operation":"PutObject"}""",
            """{"process":"worker-archive","service":"s3","operation":"PutOb""",
        };
        var directory = Directory.CreateTempSubdirectory("ingestion-operation-counts-");
        try
        {
            File.WriteAllLines(Path.Combine(directory.FullName, "all.jsonl"), lines);
            var before = OperationCounts.Read(Path.Combine(directory.FullName, "missing"));

            var requests = OperationCounts.Read(directory.FullName).Since(before).ToRequests(events: 10, deliveriesPerEvent: 2);

            // A BatchGetItem reads as many items as it names keys, each its own read unit, and a BatchWriteItem
            // writes as many (a write unit each); the emulator's empty long-poll answers are counted apart, not priced.
            Assert.Equal(new RequestCounts(10, 1, 20, 23, 6, 3, 1, EmptyReceivesLeftOut: 2), requests);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static double Line(CostEstimate estimate, string item) => estimate.Lines.Single(line => line.Item == item).UsdPerMillionEvents;
}
