using System.Diagnostics;
using System.Text.Json;
using Amazon.SQS.Model;
using Ingestion.Workers.Messages;

namespace Ingestion.Tests.Workers;

public sealed class MessageEnvelopeTests
{
    private const string EventJson = """{"event_id":"evt-1","source":"sourceB","entity_name":"CONTRACT","received_at":"2026-11-24T11:40:00Z","body":{}}""";

    [Fact]
    public void ARawDeliveryIsTheEventWithItsSqsMessageAttributes()
    {
        var message = TestMessages.Raw("m-1", "CONTRACT#c-1", EventJson, attributes: new Dictionary<string, string>
        {
            ["source"] = "sourceB",
            ["traceparent"] = TestMessages.TraceParent,
        });

        var unwrapped = MessageEnvelope.Unwrap(message);

        Assert.Equal(EventJson, unwrapped.Body);
        Assert.False(unwrapped.FromSnsEnvelope);
        Assert.Equal("sourceB", unwrapped.Attributes["source"]);
    }

    [Fact]
    public void AnSnsEnvelopeIsUnwrappedToItsMessageAndItsMessageAttributes()
    {
        var envelope = JsonSerializer.Serialize(new
        {
            Type = "Notification",
            MessageId = "sns-1",
            TopicArn = "arn:aws:sns:us-east-1:000000000000:data-ingestion.fifo",
            Message = EventJson,
            MessageAttributes = new Dictionary<string, object>
            {
                ["source"] = new { Type = "String", Value = "sourceB" },
                ["traceparent"] = new { Type = "String", Value = TestMessages.TraceParent },
                ["blob"] = new { Type = "Binary", Value = "AAEC" },
            },
        });

        var unwrapped = MessageEnvelope.Unwrap(TestMessages.Raw("m-1", "CONTRACT#c-1", envelope));

        Assert.True(unwrapped.FromSnsEnvelope);
        Assert.Equal(EventJson, unwrapped.Body);
        Assert.Equal("sourceB", unwrapped.Attributes["source"]);
        Assert.Equal(TestMessages.TraceParent, unwrapped.Attributes["traceparent"]);
        Assert.False(unwrapped.Attributes.ContainsKey("blob"));
    }

    [Theory]
    [InlineData("""{"Type":"SubscriptionConfirmation","Message":"hi"}""")]
    [InlineData("""{"Type":"Notification","Message":{"not":"a string"}}""")]
    [InlineData("""{"Type":"Notification","Message":"x" """)]
    [InlineData("not json at all")]
    public void AnythingElseIsTakenAsARawBody(string body)
    {
        var unwrapped = MessageEnvelope.Unwrap(TestMessages.Raw("m-1", "g", body));

        Assert.False(unwrapped.FromSnsEnvelope);
        Assert.Equal(body, unwrapped.Body);
    }

    [Fact]
    public void TheProducersTraceContextIsReadFromTheAttributes()
    {
        var message = TestMessages.Raw("m-1", "g", EventJson, attributes: new Dictionary<string, string> { ["traceparent"] = TestMessages.TraceParent });

        var inbound = InboundMessage.From(message);

        Assert.Equal("0af7651916cd43dd8448eb211c80319c", inbound.ProducerContext.TraceId.ToHexString());
        Assert.Equal("b7ad6b7169203331", inbound.ProducerContext.SpanId.ToHexString());
        Assert.True(inbound.ProducerContext.IsRemote);
    }

    [Fact]
    public void AMessageWithoutTraceContextHasNone()
    {
        var inbound = InboundMessage.From(new Message { MessageId = "m-1", Body = EventJson });

        Assert.Equal(default(ActivityContext), inbound.ProducerContext);
        Assert.Equal("m-1", inbound.GroupId);
        Assert.Equal(0, inbound.ReceiveCount);
    }

    [Fact]
    public void GroupAndReceiveCountComeFromTheSystemAttributes()
    {
        var inbound = TestMessages.Inbound("m-1", "CONTRACT#c-1", receiveCount: 4);

        Assert.Equal("CONTRACT#c-1", inbound.GroupId);
        Assert.Equal(4, inbound.ReceiveCount);
    }
}
