using System.Net;
using System.Text;
using Ingestion.Messaging.Aws.OperationLog;

namespace Ingestion.Tests.Messaging;

public sealed class AwsOperationLogTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"ops-{Guid.NewGuid():N}");

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void ReadInTheRecordingProcessSeesEveryLineRecordedSoFar()
    {
        var path = Path.Combine(_directory, "reader.jsonl");
        var log = AwsOperationLog.For(path, "reader");

        log.Record(new AwsOperation("reader", "sqs", "SendMessage", Queue: "first"));
        log.Record(new AwsOperation("reader", "sqs", "DeleteMessage", Queue: "second"));

        Assert.Equal(["first", "second"], AwsOperationLog.Read(path).Select(operation => operation.Queue));
    }

    [Fact]
    public async Task LinesReachTheFileWithoutBeingAskedFor()
    {
        var path = Path.Combine(_directory, "timer.jsonl");
        var log = AwsOperationLog.For(path, "timer");

        log.Record(new AwsOperation("timer", "s3", "PutObject", Bucket: "archive"));

        // Read as another process would: straight from the file, no flush asked for.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (FileLines(path).Length == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(AwsOperationLog.FlushInterval, Cancellation);
        }

        Assert.Contains("\"bucket\":\"archive\"", Assert.Single(FileLines(path)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConcurrentRecordsPastTheBufferEachStayOneWholeLine()
    {
        var path = Path.Combine(_directory, "busy.jsonl");
        var log = AwsOperationLog.For(path, "busy");
        // One line larger than the buffer, among many small ones from eight threads.
        var manyKeys = Enumerable.Range(0, 8_000).Select(key => $"CONTRACT#{key:D6}").ToList();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(thread => Task.Run(() =>
        {
            for (var call = 0; call < 1_000; call++)
            {
                log.Record(new AwsOperation("busy", "dynamodb", "PutItem", Table: $"t{thread}-{call}"));
                if (thread == 0 && call == 500)
                {
                    log.Record(new AwsOperation("busy", "dynamodb", "BatchGetItem", Table: "big", LeadingKeys: manyKeys));
                }
            }
        }, Cancellation)));

        var operations = AwsOperationLog.Read(path);
        Assert.Equal(8_001, operations.Count);
        Assert.Equal(8_000, operations.Select(operation => operation.Table).Where(table => table != "big").Distinct().Count());
        Assert.Equal(manyKeys, Assert.Single(operations, operation => operation.Table == "big").LeadingKeys);
    }

    [Fact]
    public async Task AnSnsPublishBatchIsRecordedWithItsActionAndTopic()
    {
        var path = Path.Combine(_directory, "api.jsonl");
        var log = AwsOperationLog.For(path, "api");
        using var invoker = new HttpMessageInvoker(new AwsOperationRecordingHandler(log) { InnerHandler = new Answer() });
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1:4566/")
        {
            Content = new FormUrlEncodedContent(
            [
                new("PublishBatchRequestEntries.member.1.Message", "{\"Action\":\"not this\",\"TopicArn\":\"nor this\"}"),
                new("Action", "PublishBatch"),
                new("TopicArn", "arn:aws:sns:us-east-1:000000000000:ingestion-events.fifo"),
                new("Version", "2010-03-31"),
            ]),
        };

        using var response = await invoker.SendAsync(request, Cancellation);

        var operation = Assert.Single(AwsOperationLog.Read(path));
        Assert.Equal(("sns", "PublishBatch", "arn:aws:sns:us-east-1:000000000000:ingestion-events.fifo"), (operation.Service, operation.Operation, operation.Topic));
    }

    [Theory]
    [InlineData("Action=Publish&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A1%3At", "TopicArn", "arn:aws:sns:us-east-1:1:t")]
    [InlineData("Actions=Wrong&Action=Subscribe", "Action", "Subscribe")]
    [InlineData("Message=a+b%26c&Action=Publish", "Message", "a b&c")]
    [InlineData("Flag&Action=Publish", "Flag", "")]
    [InlineData("Action=Publish", "TopicArn", null)]
    [InlineData("", "Action", null)]
    public void AFormFieldIsFoundByItsWholeNameAndDecoded(string form, string name, string? expected) =>
        Assert.Equal(expected, AwsOperationRecordingHandler.FormField(Encoding.ASCII.GetBytes(form), name));

    private static string[] FileLines(string path)
    {
        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private sealed class Answer : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
    }
}
