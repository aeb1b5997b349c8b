using System.Net;
using System.Text;
using Amazon.Runtime;
using Ingestion.Messaging.Aws;
using Ingestion.Messaging.Sns;
using static Ingestion.Tests.Messaging.SnsTestClients;

namespace Ingestion.Tests.Messaging;

public sealed class SnsRequestEncodingTests
{
    private const string EncodedTopicArn = "arn%3Aaws%3Asns%3Aus-east-1%3A000000000000%3Adata-ingestion.fifo";

    private readonly FakeSnsHandler _handler = new();

    [Fact]
    public async Task PublishSendsFifoIdsAndAttributesAsIndexedEntries()
    {
        _handler.Respond(HttpStatusCode.OK, Success("Publish", "<MessageId>m-1</MessageId>"));
        var attributes = new Dictionary<string, SnsMessageAttribute>
        {
            ["source"] = new("String", "sourceB"),
            ["entity_name"] = new("String", "CONTRACT"),
        };

        await Create(_handler).PublishAsync(
            new SnsPublishRequest(TopicArn, """{"a":"b c"}""", attributes, "CONTRACT#c-1", "e-1"),
            TestContext.Current.CancellationToken);

        Assert.Equal(
            "Action=Publish&Version=2010-03-31"
            + $"&TopicArn={EncodedTopicArn}"
            + "&Message=%7B%22a%22%3A%22b%20c%22%7D"
            + "&MessageGroupId=CONTRACT%23c-1"
            + "&MessageDeduplicationId=e-1"
            + "&MessageAttributes.entry.1.Name=entity_name"
            + "&MessageAttributes.entry.1.Value.DataType=String"
            + "&MessageAttributes.entry.1.Value.StringValue=CONTRACT"
            + "&MessageAttributes.entry.2.Name=source"
            + "&MessageAttributes.entry.2.Value.DataType=String"
            + "&MessageAttributes.entry.2.Value.StringValue=sourceB",
            _handler.Requests.Single().Body);
    }

    [Fact]
    public async Task PublishBatchNumbersEntriesAndTheirAttributesFromOne()
    {
        _handler.Respond(HttpStatusCode.OK, Success("PublishBatch", "<Successful/><Failed/>"));
        SnsBatchEntry[] entries =
        [
            new("e1", "one", new Dictionary<string, SnsMessageAttribute> { ["source"] = new("String", "sourceA") }, "g-1", "d-1"),
            new("e2", "two", new Dictionary<string, SnsMessageAttribute> { ["db"] = new("Number", "85") }),
        ];

        await Create(_handler).PublishBatchAsync(TopicArn, entries, TestContext.Current.CancellationToken);

        Assert.Equal(
            "Action=PublishBatch&Version=2010-03-31"
            + $"&TopicArn={EncodedTopicArn}"
            + "&PublishBatchRequestEntries.member.1.Id=e1"
            + "&PublishBatchRequestEntries.member.1.Message=one"
            + "&PublishBatchRequestEntries.member.1.MessageGroupId=g-1"
            + "&PublishBatchRequestEntries.member.1.MessageDeduplicationId=d-1"
            + "&PublishBatchRequestEntries.member.1.MessageAttributes.entry.1.Name=source"
            + "&PublishBatchRequestEntries.member.1.MessageAttributes.entry.1.Value.DataType=String"
            + "&PublishBatchRequestEntries.member.1.MessageAttributes.entry.1.Value.StringValue=sourceA"
            + "&PublishBatchRequestEntries.member.2.Id=e2"
            + "&PublishBatchRequestEntries.member.2.Message=two"
            + "&PublishBatchRequestEntries.member.2.MessageAttributes.entry.1.Name=db"
            + "&PublishBatchRequestEntries.member.2.MessageAttributes.entry.1.Value.DataType=Number"
            + "&PublishBatchRequestEntries.member.2.MessageAttributes.entry.1.Value.StringValue=85",
            _handler.Requests.Single().Body);
    }

    [Fact]
    public async Task CreateTopicSendsAttributesAsLowercaseKeyValueEntries()
    {
        _handler.Respond(HttpStatusCode.OK, Success("CreateTopic", $"<TopicArn>{TopicArn}</TopicArn>"));

        await Create(_handler).CreateTopicAsync(
            "data-ingestion.fifo",
            new Dictionary<string, string> { ["FifoTopic"] = "true", ["ContentBasedDeduplication"] = "false" },
            TestContext.Current.CancellationToken);

        Assert.Equal(
            "Action=CreateTopic&Version=2010-03-31&Name=data-ingestion.fifo"
            + "&Attributes.entry.1.key=ContentBasedDeduplication&Attributes.entry.1.value=false"
            + "&Attributes.entry.2.key=FifoTopic&Attributes.entry.2.value=true",
            _handler.Requests.Single().Body);
    }

    [Fact]
    public async Task SubscribeSendsAttributesAndAsksForTheArn()
    {
        _handler.Respond(HttpStatusCode.OK, Success("Subscribe", "<SubscriptionArn>arn:sub</SubscriptionArn>"));

        await Create(_handler).SubscribeAsync(
            TopicArn,
            "sqs",
            "arn:aws:sqs:us-east-1:000000000000:sourceA.fifo",
            new Dictionary<string, string> { ["RawMessageDelivery"] = "true", ["FilterPolicy"] = """{"source":["sourceA"]}""" },
            TestContext.Current.CancellationToken);

        Assert.Equal(
            "Action=Subscribe&Version=2010-03-31"
            + $"&TopicArn={EncodedTopicArn}"
            + "&Protocol=sqs"
            + "&Endpoint=arn%3Aaws%3Asqs%3Aus-east-1%3A000000000000%3AsourceA.fifo"
            + "&Attributes.entry.1.key=FilterPolicy&Attributes.entry.1.value=%7B%22source%22%3A%5B%22sourceA%22%5D%7D"
            + "&Attributes.entry.2.key=RawMessageDelivery&Attributes.entry.2.value=true"
            + "&ReturnSubscriptionArn=true",
            _handler.Requests.Single().Body);
    }

    [Fact]
    public async Task SetAttributeCallsNameTheAttributeAndItsValue()
    {
        _handler
            .Respond(HttpStatusCode.OK, Success("SetTopicAttributes", ""))
            .Respond(HttpStatusCode.OK, Success("SetSubscriptionAttributes", ""));
        var client = Create(_handler);

        await client.SetTopicAttributesAsync(TopicArn, "DisplayName", "Data ingestion", TestContext.Current.CancellationToken);
        await client.SetSubscriptionAttributesAsync("arn:sub:1", "RawMessageDelivery", "true", TestContext.Current.CancellationToken);

        Assert.Equal(
            $"Action=SetTopicAttributes&Version=2010-03-31&TopicArn={EncodedTopicArn}&AttributeName=DisplayName&AttributeValue=Data%20ingestion",
            _handler.Requests[0].Body);
        Assert.Equal(
            "Action=SetSubscriptionAttributes&Version=2010-03-31&SubscriptionArn=arn%3Asub%3A1&AttributeName=RawMessageDelivery&AttributeValue=true",
            _handler.Requests[1].Body);
    }

    [Fact]
    public async Task RequestIsASignedFormPostToTheServiceUrl()
    {
        _handler.Respond(HttpStatusCode.OK, Success("GetTopicAttributes", "<Attributes/>"));

        await Create(_handler).GetTopicAttributesAsync(TopicArn, TestContext.Current.CancellationToken);

        var request = _handler.Requests.Single();
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal(new Uri("http://127.0.0.1:4566/"), request.Uri);
        Assert.Equal("application/x-www-form-urlencoded; charset=utf-8", request.Headers["Content-Type"]);
        Assert.Equal("20261124T114000Z", request.Headers["X-Amz-Date"]);
        Assert.False(request.Headers.ContainsKey("X-Amz-Security-Token"));

        // What was signed is what went on the wire: recompute from the recorded request.
        var expected = SigV4Signer.Sign(
            HttpMethod.Post,
            request.Uri,
            new Dictionary<string, string> { ["content-type"] = request.Headers["Content-Type"] },
            Encoding.UTF8.GetBytes(request.Body),
            new ImmutableCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null),
            "us-east-1",
            "sns",
            SignedAt);
        Assert.Equal(expected.Authorization, request.Headers["Authorization"]);
        Assert.StartsWith(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261124/us-east-1/sns/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=",
            request.Headers["Authorization"]);
    }

    [Fact]
    public async Task SessionCredentialsSendTheirTokenAndSignIt()
    {
        _handler.Respond(HttpStatusCode.OK, Success("GetTopicAttributes", "<Attributes/>"));
        var client = Create(_handler, o => o.Credentials = new SessionAWSCredentials("ASIAEXAMPLE", "secret", "the-session-token"));

        await client.GetTopicAttributesAsync(TopicArn, TestContext.Current.CancellationToken);

        var request = _handler.Requests.Single();
        Assert.Equal("the-session-token", request.Headers["X-Amz-Security-Token"]);
        Assert.Contains("SignedHeaders=content-type;host;x-amz-date;x-amz-security-token,", request.Headers["Authorization"]);
    }

    [Fact]
    public async Task WithoutServiceUrlTheRegionalEndpointIsUsed()
    {
        _handler.Respond(HttpStatusCode.OK, Success("GetTopicAttributes", "<Attributes/>"));
        var client = Create(_handler, o =>
        {
            o.ServiceUrl = null;
            o.Region = "eu-west-1";
        });

        await client.GetTopicAttributesAsync(TopicArn, TestContext.Current.CancellationToken);

        var request = _handler.Requests.Single();
        Assert.Equal(new Uri("https://sns.eu-west-1.amazonaws.com/"), request.Uri);
        Assert.Contains("/20261124/eu-west-1/sns/aws4_request,", request.Headers["Authorization"]);
    }
}
