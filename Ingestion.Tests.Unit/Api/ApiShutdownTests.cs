using System.Net;
using System.Text;
using Ingestion.Messaging.Sns;
using Ingestion.Tests.Support;

namespace Ingestion.Tests.Api;

/// <summary>
/// What SIGTERM does to the API (the host's StopAsync): a single event already waiting in the
/// PublishBatch batcher when the stop begins is still published and answered 202, and the stop
/// completes once it is: the in-flight batch is finished, not dropped.
/// </summary>
public sealed class ApiShutdownTests
{
    [Fact]
    public async Task ASingleEventInFlightWhenTheApiStopsIsPublishedAndAccepted()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var publishing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sns = new FakeSnsClient();
        sns.OnPublishBatch = async (_, entries) =>
        {
            publishing.TrySetResult();
            await release.Task;
            return sns.AllSucceed(entries);
        };
        var app = ApiHost.Build(sns, new CapturedLogs(), new Dictionary<string, string?>
        {
            ["AWS:Resources:IngestionTopicArn"] = ApiHost.TopicArn,
        });
        await app.StartAsync(cancellationToken);
        using var client = ApiKeyHeaders.Client(new Uri(app.Urls.Single()));

        var posted = client.PostAsync(new Uri("/sources/sourceB/events", UriKind.Relative), new StringContent(SampleEvents.Contract("c-stopping"), Encoding.UTF8, "application/json"), cancellationToken);
        await publishing.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        var stopping = app.StopAsync(cancellationToken);
        Assert.False(stopping.IsCompleted, "the API stopped while its PublishBatch was still in flight");

        release.SetResult();
        using var response = await posted;
        await stopping.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        await app.DisposeAsync();

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var entry = Assert.Single(sns.Entries);
        Assert.Equal("CONTRACT#c-stopping", entry.MessageGroupId);
    }
}
