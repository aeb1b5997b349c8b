using Amazon.Runtime;
using Amazon.SQS.Model;
using Ingestion.Hosting.AWS.Provisioning;
using Ingestion.Messaging;
using Ingestion.Messaging.Sns;
using Ingestion.Tests.Provisioning;
using Ingestion.Tests.Provisioning.Fakes;
using Ingestion.Tests.Support;

namespace Ingestion.Tests.Workers;

/// <summary>
/// The archive subscription's filter, as the template declares it, applied by fauxqs: a replayed
/// event (attribute `replayed`) is not archived again; every other event is.
/// </summary>
public sealed class ArchiveSubscriptionTests(FauxqsSqsFixture fauxqs) : IClassFixture<FauxqsSqsFixture>
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AReplayedEventDoesNotReachTheArchiveQueueAndANewOneDoes()
    {
        var filterPolicy = await TemplateArchiveFilterPolicyAsync();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var sns = new SnsClient(new HttpClient(), new SnsClientOptions { ServiceUrl = fauxqs.Endpoint, Region = "us-east-1", Credentials = new BasicAWSCredentials("test", "test") });
        var topicArn = await sns.CreateTopicAsync($"topic-{suffix}.fifo", new Dictionary<string, string> { ["FifoTopic"] = "true" }, Cancellation);
        var (archiveUrl, _) = await fauxqs.CreateQueueWithDeadLetterQueueAsync($"archive-{suffix}", maxReceiveCount: 3);
        var archiveArn = (await fauxqs.Client.GetQueueAttributesAsync(archiveUrl, ["QueueArn"], Cancellation)).QueueARN;
        var subscription = new Dictionary<string, string> { ["RawMessageDelivery"] = "true" };
        if (filterPolicy is not null)
        {
            subscription["FilterPolicyScope"] = "MessageAttributes";
            subscription["FilterPolicy"] = filterPolicy;
        }

        await sns.SubscribeAsync(topicArn, "sqs", archiveArn, subscription, Cancellation);

        await PublishAsync(sns, topicArn, "replayed-1", replayed: true);
        await PublishAsync(sns, topicArn, "new-1", replayed: false);

        Assert.Equal(["new-1"], await fauxqs.EventIdsInAsync(archiveUrl));
    }

    private static async Task<string?> TemplateArchiveFilterPolicyAsync()
    {
        using var aws = new FakeAws();
        await new EmulatorDeployer().DeployAsync(RepositoryFiles.Template, new Dictionary<string, string>(), aws.Clients, Cancellation);
        var archive = aws.Sns.Subscriptions.Single(s => s.Subscription.Endpoint.EndsWith(":ingestion-archive.fifo", StringComparison.Ordinal)).Attributes;
        return archive.GetValueOrDefault("FilterPolicy");
    }

    private static Task PublishAsync(SnsClient sns, string topicArn, string eventId, bool replayed)
    {
        var attributes = new Dictionary<string, SnsMessageAttribute>
        {
            [MessageAttributeNames.Source] = new("String", "sourceB"),
            [MessageAttributeNames.EventId] = new("String", eventId),
        };
        if (replayed)
        {
            attributes[MessageAttributeNames.Replayed] = new("String", "true");
        }

        return sns.PublishAsync(new SnsPublishRequest(topicArn, "{}", attributes, MessageGroupId: "CONTRACT#c-1", MessageDeduplicationId: eventId), Cancellation);
    }
}
