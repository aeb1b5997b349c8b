using Ingestion.Tests.Support;
using System.Net;
using Amazon.Runtime;
using Ingestion.Messaging.Sns;
using Ingestion.Tests.Messaging;

namespace Ingestion.Tests.Api;

/// <summary>The API with the real SNS client and its default timeouts, in front of an SNS endpoint that never answers.</summary>
public sealed class HungSnsTests
{
    // Three of HttpClient's default 100 s timeouts would take five minutes: a hang fails the test.
    [Fact(Timeout = 60_000)]
    public async Task AHungSnsEndpointGets503WithRetryAfterInsteadOfAHeldRequest()
    {
        var sns = new SnsClient(new HttpClient(new HungSnsHandler()), new SnsClientOptions
        {
            ServiceUrl = new Uri("http://127.0.0.1:4566/"),
            Region = "us-east-1",
            Credentials = new BasicAWSCredentials("test", "test"),
        });
        await using var app = ApiHost.Build(sns, new CapturedLogs(), new Dictionary<string, string?>
        {
            ["AWS:Resources:IngestionTopicArn"] = ApiHost.TopicArn,
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        using var client = ApiKeyHeaders.Client(new Uri(app.Urls.Single()));

        using var response = await client.PostAsync("/sources/sourceB/events", new StringContent(
            """{"entity_name":"CONTRACT","body":{"contract_id":"c-1","contract_name":"Bridge","contract_type":"FIXED_PRICE","contract_status":"ACTIVE"}}""",
            System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(response.Headers.RetryAfter);
    }
}
