using System.Net;
using Ingestion.Messaging.Sns;
using static Ingestion.Tests.Messaging.SnsTestClients;

namespace Ingestion.Tests.Messaging;

public sealed class SnsResponseParsingTests
{
    private readonly FakeSnsHandler _handler = new();

    [Fact]
    public async Task PublishReturnsTheMessageIdSnsAssigned()
    {
        _handler.Respond(HttpStatusCode.OK, Success("Publish", "<MessageId>5f1c0b0e-0000-4000-8000-000000000001</MessageId>"));

        var messageId = await Create(_handler).PublishAsync(
            new SnsPublishRequest(TopicArn, "{}", new Dictionary<string, SnsMessageAttribute>(), "g", "d"),
            TestContext.Current.CancellationToken);

        Assert.Equal("5f1c0b0e-0000-4000-8000-000000000001", messageId);
    }

    [Fact]
    public async Task PublishBatchReportsSuccessfulAndFailedEntriesSeparately()
    {
        _handler.Respond(HttpStatusCode.OK, Success("PublishBatch", """
            <Successful>
              <member><Id>e1</Id><MessageId>m-1</MessageId><SequenceNumber>1</SequenceNumber></member>
              <member><Id>e3</Id><MessageId>m-3</MessageId></member>
            </Successful>
            <Failed>
              <member><Id>e2</Id><Code>InvalidParameter</Code><Message>Message too long</Message><SenderFault>true</SenderFault></member>
              <member><Id>e4</Id><Code>InternalError</Code><SenderFault>false</SenderFault></member>
            </Failed>
            """));
        SnsBatchEntry[] entries = [.. new[] { "e1", "e2", "e3", "e4" }.Select(id => new SnsBatchEntry(id, "{}", new Dictionary<string, SnsMessageAttribute>()))];

        var result = await Create(_handler).PublishBatchAsync(TopicArn, entries, TestContext.Current.CancellationToken);

        Assert.Equal([new SnsBatchSuccess("e1", "m-1"), new SnsBatchSuccess("e3", "m-3")], result.Successful);
        Assert.Equal(
            [new SnsBatchFailure("e2", "InvalidParameter", "Message too long", true), new SnsBatchFailure("e4", "InternalError", "", false)],
            result.Failed);
    }

    [Fact]
    public async Task TopicAttributesAreReadFromTheirEntries()
    {
        _handler.Respond(HttpStatusCode.OK, Success("GetTopicAttributes", $"""
            <Attributes>
              <entry><key>FifoTopic</key><value>true</value></entry>
              <entry><key>TopicArn</key><value>{TopicArn}</value></entry>
              <entry><key>Policy</key><value>{"{&quot;Version&quot;:&quot;2012-10-17&quot;}"}</value></entry>
            </Attributes>
            """));

        var attributes = await Create(_handler).GetTopicAttributesAsync(TopicArn, TestContext.Current.CancellationToken);

        Assert.Equal("true", attributes["FifoTopic"]);
        Assert.Equal(TopicArn, attributes["TopicArn"]);
        Assert.Equal("""{"Version":"2012-10-17"}""", attributes["Policy"]);
    }

    [Fact]
    public async Task SubscriptionsAreCollectedAcrossPages()
    {
        _handler
            .Respond(HttpStatusCode.OK, Success("ListSubscriptionsByTopic", $"""
                <Subscriptions>
                  <member><SubscriptionArn>arn:sub:a</SubscriptionArn><Protocol>sqs</Protocol><Endpoint>arn:q:a</Endpoint><TopicArn>{TopicArn}</TopicArn><Owner>0</Owner></member>
                </Subscriptions>
                <NextToken>page 2</NextToken>
                """))
            .Respond(HttpStatusCode.OK, Success("ListSubscriptionsByTopic", $"""
                <Subscriptions>
                  <member><SubscriptionArn>arn:sub:b</SubscriptionArn><Protocol>sqs</Protocol><Endpoint>arn:q:b</Endpoint><TopicArn>{TopicArn}</TopicArn></member>
                </Subscriptions>
                """));

        var subscriptions = await Create(_handler).ListSubscriptionsByTopicAsync(TopicArn, TestContext.Current.CancellationToken);

        Assert.Equal(
            [new SnsSubscription("arn:sub:a", "sqs", "arn:q:a", TopicArn), new SnsSubscription("arn:sub:b", "sqs", "arn:q:b", TopicArn)],
            subscriptions);
        Assert.DoesNotContain("NextToken", _handler.Requests[0].Body);
        Assert.EndsWith("&NextToken=page%202", _handler.Requests[1].Body);
    }

    [Fact]
    public async Task ErrorResponseBecomesATypedException()
    {
        _handler.Respond(HttpStatusCode.NotFound, Error("NotFound", "Topic does not exist", requestId: "req-404"));

        var error = await Assert.ThrowsAsync<SnsException>(() =>
            Create(_handler).GetTopicAttributesAsync(TopicArn, TestContext.Current.CancellationToken));

        Assert.Equal("NotFound", error.ErrorCode);
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("req-404", error.RequestId);
        Assert.Contains("Topic does not exist", error.Message);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task ErrorWithoutXmlIsNamedAfterItsStatus()
    {
        _handler.Respond(HttpStatusCode.Forbidden, "<html>denied by proxy</html", requestIdHeader: "hdr-1");

        var error = await Assert.ThrowsAsync<SnsException>(() =>
            Create(_handler).GetTopicAttributesAsync(TopicArn, TestContext.Current.CancellationToken));

        Assert.Equal("AccessDenied", error.ErrorCode);
        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal("hdr-1", error.RequestId);
    }

    [Fact]
    public async Task SuccessWithoutTheExpectedFieldIsAnInvalidResponse()
    {
        _handler.Respond(HttpStatusCode.OK, Success("Publish", ""));

        var error = await Assert.ThrowsAsync<SnsException>(() => Create(_handler).PublishAsync(
            new SnsPublishRequest(TopicArn, "{}", new Dictionary<string, SnsMessageAttribute>()),
            TestContext.Current.CancellationToken));

        Assert.Equal("InvalidResponse", error.ErrorCode);
    }
}
