using System.Diagnostics;
using System.Net;
using Ingestion.Messaging.Sns;
using static Ingestion.Tests.Messaging.SnsTestClients;

namespace Ingestion.Tests.Messaging;

public sealed class SnsTelemetryTests : IDisposable
{
    private readonly FakeSnsHandler _handler = new();
    private readonly CapturedSpans _spans = CapturedSpans.UnderARootOfItsOwn(Ingestion.Messaging.IngestionActivitySources.MessagingName);

    public void Dispose() => _spans.Dispose();

    [Fact]
    public async Task PublishIsAProducerSpanNamedAfterTheTopic()
    {
        _handler.Respond(HttpStatusCode.OK, Success("Publish", "<MessageId>m-1</MessageId>", requestId: "req-7"));

        await Create(_handler).PublishAsync(
            new SnsPublishRequest(TopicArn, "{}", new Dictionary<string, SnsMessageAttribute>(), "g", "d"),
            TestContext.Current.CancellationToken);

        var span = _spans.Single();
        Assert.Equal("publish data-ingestion.fifo", span.DisplayName);
        Assert.Equal(ActivityKind.Producer, span.Kind);
        Assert.Equal(_spans.Root.SpanId, span.ParentSpanId);
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
        Assert.Equal("aws_sns", span.GetTagItem("messaging.system"));
        Assert.Equal("data-ingestion.fifo", span.GetTagItem("messaging.destination.name"));
        Assert.Equal("send", span.GetTagItem("messaging.operation.type"));
        Assert.Equal("publish", span.GetTagItem("messaging.operation.name"));
        Assert.Equal("m-1", span.GetTagItem("messaging.message.id"));
        Assert.Null(span.GetTagItem("messaging.batch.message_count"));
        Assert.Equal("aws-api", span.GetTagItem("rpc.system"));
        Assert.Equal("SNS", span.GetTagItem("rpc.service"));
        Assert.Equal("Publish", span.GetTagItem("rpc.method"));
        Assert.Equal("req-7", span.GetTagItem("aws.request_id"));
        Assert.Equal("127.0.0.1", span.GetTagItem("server.address"));
        Assert.Equal(4566, span.GetTagItem("server.port"));
    }

    [Fact]
    public async Task PublishBatchCountsItsMessages()
    {
        _handler.Respond(HttpStatusCode.OK, Success("PublishBatch", "<Successful/><Failed/>"));
        SnsBatchEntry[] entries =
        [
            new("a", "{}", new Dictionary<string, SnsMessageAttribute>()),
            new("b", "{}", new Dictionary<string, SnsMessageAttribute>()),
        ];

        await Create(_handler).PublishBatchAsync(TopicArn, entries, TestContext.Current.CancellationToken);

        var span = _spans.Single();
        Assert.Equal("publish_batch data-ingestion.fifo", span.DisplayName);
        Assert.Equal(ActivityKind.Producer, span.Kind);
        Assert.Equal(2, span.GetTagItem("messaging.batch.message_count"));
        Assert.Equal("publish_batch", span.GetTagItem("messaging.operation.name"));
        Assert.Equal("send", span.GetTagItem("messaging.operation.type"));
    }

    [Fact]
    public async Task PublishedMessagesCarryThePublishSpanAsTheirParent()
    {
        _handler.Respond(HttpStatusCode.OK, Success("PublishBatch", "<Successful/><Failed/>"));
        SnsBatchEntry[] entries =
        [
            new("a", "{}", new Dictionary<string, SnsMessageAttribute> { ["source"] = new("String", "sourceA") }),
            new("b", "{}", new Dictionary<string, SnsMessageAttribute> { ["source"] = new("String", "sourceB") }),
        ];

        await Create(_handler, o => o.InjectTraceContext = true).PublishBatchAsync(TopicArn, entries, TestContext.Current.CancellationToken);

        var span = _spans.Single();
        var body = _handler.Requests.Single().Body;
        var traceParent = Uri.EscapeDataString($"00-{span.TraceId}-{span.SpanId}-01");
        Assert.Contains($"member.1.MessageAttributes.entry.2.Name=traceparent&PublishBatchRequestEntries.member.1.MessageAttributes.entry.2.Value.DataType=String&PublishBatchRequestEntries.member.1.MessageAttributes.entry.2.Value.StringValue={traceParent}", body);
        Assert.Contains($"member.2.MessageAttributes.entry.2.Value.StringValue={traceParent}", body);
    }

    [Fact]
    public async Task FailedCallIsAnErrorSpanWithTheSnsErrorCode()
    {
        _handler.Respond(HttpStatusCode.NotFound, Error("NotFound", "Topic does not exist", requestId: "req-404"));

        await Assert.ThrowsAsync<SnsException>(() => Create(_handler).PublishAsync(
            new SnsPublishRequest(TopicArn, "{}", new Dictionary<string, SnsMessageAttribute>(), "g", "d"),
            TestContext.Current.CancellationToken));

        var span = _spans.Single();
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("NotFound", span.GetTagItem("error.type"));
        Assert.Equal("req-404", span.GetTagItem("aws.request_id"));
        Assert.Equal(404, span.GetTagItem("http.response.status_code"));
        Assert.Contains(span.Events, e => e.Name == "exception");
    }

    [Fact]
    public async Task RetriesAreEventsOnTheOneSpan()
    {
        _handler
            .Respond(HttpStatusCode.ServiceUnavailable, Error("ServiceUnavailable", "busy", "Receiver"))
            .Respond(HttpStatusCode.OK, Success("GetTopicAttributes", "<Attributes/>"));

        await Create(_handler).GetTopicAttributesAsync(TopicArn, TestContext.Current.CancellationToken);

        var span = _spans.Single();
        var retry = Assert.Single(span.Events, e => e.Name == "retry");
        Assert.Contains(retry.Tags, t => t.Key == "attempt" && (int)t.Value! == 2);
        Assert.Contains(retry.Tags, t => t.Key == "error.type" && (string)t.Value! == "ServiceUnavailable");
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
    }

    [Fact]
    public async Task ProvisioningCallsAreClientSpansNamedAfterTheOperation()
    {
        _handler.Respond(HttpStatusCode.OK, Success("CreateTopic", $"<TopicArn>{TopicArn}</TopicArn>"));

        await Create(_handler).CreateTopicAsync("data-ingestion.fifo", new Dictionary<string, string>(), TestContext.Current.CancellationToken);

        var span = _spans.Single();
        Assert.Equal("SNS.CreateTopic", span.DisplayName);
        Assert.Equal(ActivityKind.Client, span.Kind);
        Assert.Equal("CreateTopic", span.GetTagItem("rpc.method"));
        Assert.Equal("data-ingestion.fifo", span.GetTagItem("messaging.destination.name"));
        Assert.Null(span.GetTagItem("messaging.operation.type"));
    }
}
