using System.Net;
using System.Text;
using Amazon.Runtime;
using Ingestion.Messaging.Aws;
using Ingestion.Messaging.Aws.Chaos;
using Ingestion.Messaging.Sns;
using Ingestion.Tests.Messaging;
using Microsoft.Extensions.Configuration;

namespace Ingestion.Tests.Chaos;

/// <summary>Chaos:SNS:FailedEntryRate: single PublishBatch entries refused as SNS refuses them, the rest really sent.</summary>
public sealed class PublishBatchEntryFailuresTests
{
    private static readonly ChaosSettings Settings = new(AwsConfigurationKeys.Sns, ChaosFault.Throttle, 0, TimeSpan.Zero, TimeSpan.Zero, null, FailedEntryRate: 0.3);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ARefusedEntryIsNotSentAndIsAnsweredAsAThrottledFailureWhileTheOthersArePublished()
    {
        var sns = new RecordingSns();
        // The second draw is below the rate: the second entry is refused.
        var client = Client(new PublishBatchEntryFailures(Settings, () => true, new ScriptedRandom(0.5, 0.1, 0.9)) { InnerHandler = sns });

        var result = await client.PublishBatchAsync(SnsTestClients.TopicArn, [Entry("a"), Entry("b"), Entry("c")], Cancellation);

        Assert.Equal(new[] { "a", "c" }, sns.SentIds);
        Assert.Equal(new[] { "a", "c" }, result.Successful.Select(success => success.Id));
        var failure = Assert.Single(result.Failed);
        Assert.Equal(("b", PublishBatchEntryFailures.FailureCode, false), (failure.Id, failure.Code, failure.SenderFault));
    }

    [Fact]
    public async Task WhenEveryEntryIsRefusedNothingReachesSns()
    {
        var sns = new RecordingSns();
        var client = Client(new PublishBatchEntryFailures(Settings, () => true, new ScriptedRandom(0.0, 0.2)) { InnerHandler = sns });

        var result = await client.PublishBatchAsync(SnsTestClients.TopicArn, [Entry("a"), Entry("b")], Cancellation);

        Assert.Equal(0, sns.Calls);
        Assert.Empty(result.Successful);
        Assert.Equal(new[] { "a", "b" }, result.Failed.Select(failure => failure.Id));
    }

    [Fact]
    public async Task OutsideItsWindowEveryEntryIsSent()
    {
        var sns = new RecordingSns();
        var client = Client(new PublishBatchEntryFailures(Settings, () => false, new ScriptedRandom(0.0, 0.0)) { InnerHandler = sns });

        var result = await client.PublishBatchAsync(SnsTestClients.TopicArn, [Entry("a"), Entry("b")], Cancellation);

        Assert.Equal(new[] { "a", "b" }, sns.SentIds);
        Assert.Empty(result.Failed);
    }

    [Theory]
    [InlineData("DynamoDB", "http://127.0.0.1:8000", "SNS's PublishBatch only")]
    [InlineData("SNS", "https://sns.us-east-1.amazonaws.com", "only into local emulators")]
    public void FailedEntryRateIsForTheLocalSnsOnly(string service, string endpoint, string reason)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"Chaos:{service}:FailedEntryRate"] = "0.2",
            [$"AWS:Endpoints:{service}"] = endpoint,
        }).Build();

        var error = Assert.Throws<InvalidOperationException>(() => ChaosSettings.From(configuration, service));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    private static SnsClient Client(DelegatingHandler handler) => new(new HttpClient(handler), new SnsClientOptions
    {
        ServiceUrl = new Uri("http://127.0.0.1:4566"),
        Region = "us-east-1",
        Credentials = new BasicAWSCredentials("test", "test"),
        MaxAttempts = 1,
    });

    private static SnsBatchEntry Entry(string id) => new(id, $"{{\"event\":\"{id}\"}}", new Dictionary<string, SnsMessageAttribute>(), "CONTRACT#c-1", $"dedup-{id}");

    private sealed class ScriptedRandom(params double[] draws) : Random
    {
        private int _next;

        public override double NextDouble() => draws[_next++];
    }

    /// <summary>SNS as far as PublishBatch goes: records the entries it was sent, in order, and publishes them all.</summary>
    private sealed class RecordingSns : HttpMessageHandler
    {
        public int Calls { get; private set; }

        public List<string> SentIds { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls++;
            var fields = (await request.Content!.ReadAsStringAsync(cancellationToken)).Split('&')
                .Select(pair => pair.Split('=', 2))
                .ToDictionary(pair => Uri.UnescapeDataString(pair[0]), pair => Uri.UnescapeDataString(pair[1]), StringComparer.Ordinal);
            // The Query API numbers members from 1 with no gaps: read them as SNS does.
            for (var member = 1; fields.TryGetValue($"PublishBatchRequestEntries.member.{member}.Id", out var id); member++)
            {
                SentIds.Add(id);
            }

            var successful = string.Concat(SentIds.Select(id => $"<member><Id>{id}</Id><MessageId>m-{id}</MessageId></member>"));
            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent(
                    $"""<PublishBatchResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishBatchResult><Successful>{successful}</Successful><Failed/></PublishBatchResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></PublishBatchResponse>""",
                    Encoding.UTF8,
                    "text/xml"),
            };
        }
    }
}
