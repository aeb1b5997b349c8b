using Ingestion.Tests.Support;
using System.Net;
using Amazon.Runtime;
using Ingestion.Api.Publishing;
using Ingestion.Messaging.Sns;
using Ingestion.Tests.Messaging;
using Microsoft.Extensions.DependencyInjection;

namespace Ingestion.Tests.Api;

/// <summary>When the API cannot publish, a producer hears 503 with Retry-After at once, never a held request or a 500.</summary>
public sealed class PublishUnavailableTests
{
    // A request held until SNS answers would never end here: a hang fails the test instead of the run.
    [Fact(Timeout = 60_000)]
    public async Task ASingleEventPastAFullQueueGets503AtOnceWhileSnsIsStuck()
    {
        var sns = new FakeSnsClient();
        var firstCallStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseSns = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        sns.OnPublishBatch = async (_, entries) =>
        {
            firstCallStarted.TrySetResult();
            await releaseSns.Task;
            return sns.AllSucceed(entries);
        };
        await using var app = ApiHost.Build(sns, new CapturedLogs(), new Dictionary<string, string?>
        {
            ["AWS:Resources:IngestionTopicArn"] = ApiHost.TopicArn,
            ["Ingestion:Publishing:MaxConcurrentBatches"] = "1",
            ["Ingestion:Publishing:QueueCapacity"] = "1",
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        using var client = ApiKeyHeaders.Client(new Uri(app.Urls.Single()));
        var batcher = app.Services.GetRequiredService<SingleEventBatcher>();

        // The first event holds the only PublishBatch slot, the second fills the queue.
        var first = PostAsync(client, "c-0");
        await firstCallStarted.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        var second = PostAsync(client, "c-1");
        await Eventually.TrueAsync(() => batcher.QueuedCount == 1, "the second event is queued");

        using var shed = await PostAsync(client, "c-2");

        var problem = await shed.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(shed.Headers.RetryAfter);
        Assert.Equal(SingleEventBatcher.OverloadedErrorCode, Assert.Single(problem.GetProperty("events").EnumerateArray()).GetProperty("error").GetString());
        releaseSns.SetResult();
        Assert.Equal(HttpStatusCode.Accepted, (await first).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await second).StatusCode);
        Assert.DoesNotContain(sns.Entries, entry => entry.MessageGroupId == "CONTRACT#c-2");
    }

    [Fact(Timeout = 60_000)]
    public async Task CredentialsThatCannotBeResolvedGet503WithRetryAfterNot500()
    {
        var handler = new HungSnsHandler();
        var sns = new SnsClient(new HttpClient(handler), new SnsClientOptions
        {
            ServiceUrl = new Uri("http://127.0.0.1:4566/"),
            Region = "us-east-1",
            Credentials = new UnreachableCredentials(),
        });
        await using var app = ApiHost.Build(sns, new CapturedLogs(), new Dictionary<string, string?>
        {
            ["AWS:Resources:IngestionTopicArn"] = ApiHost.TopicArn,
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        using var client = ApiKeyHeaders.Client(new Uri(app.Urls.Single()));

        using var response = await PostAsync(client, "c-1");

        var problem = await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal(SnsException.CredentialsUnavailableErrorCode, Assert.Single(problem.GetProperty("events").EnumerateArray()).GetProperty("error").GetString());
        Assert.Equal(0, handler.Attempts);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string contractId) =>
        client.PostAsync("/sources/sourceB/events", new StringContent(SampleEvents.Contract(contractId), System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

    /// <summary>What the SDK's chain throws when instance metadata does not answer in time.</summary>
    private sealed class UnreachableCredentials : AWSCredentials
    {
        public override ImmutableCredentials GetCredentials() =>
            throw new AmazonClientException("Failed to retrieve credentials from EC2 Instance Metadata Service: the request timed out.");

        public override Task<ImmutableCredentials> GetCredentialsAsync() => Task.FromException<ImmutableCredentials>(
            new AmazonClientException("Failed to retrieve credentials from EC2 Instance Metadata Service: the request timed out."));
    }
}
