using System.Net;
using Ingestion.Messaging.Sns;

namespace Ingestion.Tests.Provisioning.Fakes;

/// <summary>An in-memory SNS that behaves like the real one where provisioning cares: ARNs by name, idempotent topics, subscriptions by topic.</summary>
internal sealed class FakeSnsClient(string region = "us-east-1", string accountId = "000000000000") : ISnsClient
{
    public Dictionary<string, Dictionary<string, string>> Topics { get; } = new(StringComparer.Ordinal);

    public List<(SnsSubscription Subscription, Dictionary<string, string> Attributes)> Subscriptions { get; } = [];

    public int SubscribeCalls { get; private set; }

    public Task<string> CreateTopicAsync(string name, IReadOnlyDictionary<string, string> attributes, CancellationToken cancellationToken = default)
    {
        var arn = $"arn:aws:sns:{region}:{accountId}:{name}";
        if (!Topics.ContainsKey(arn))
        {
            Topics[arn] = new Dictionary<string, string>(attributes, StringComparer.Ordinal);
        }

        return Task.FromResult(arn);
    }

    public Task<IReadOnlyDictionary<string, string>> GetTopicAttributesAsync(string topicArn, CancellationToken cancellationToken = default) =>
        Topics.TryGetValue(topicArn, out var attributes)
            ? Task.FromResult<IReadOnlyDictionary<string, string>>(attributes)
            : throw new SnsException("Topic does not exist", "NotFound", HttpStatusCode.NotFound);

    public Task SetTopicAttributesAsync(string topicArn, string attributeName, string attributeValue, CancellationToken cancellationToken = default)
    {
        Topics[topicArn][attributeName] = attributeValue;
        return Task.CompletedTask;
    }

    public Task<string> SubscribeAsync(string topicArn, string protocol, string endpoint, IReadOnlyDictionary<string, string> attributes, CancellationToken cancellationToken = default)
    {
        SubscribeCalls++;
        var arn = $"{topicArn}:{Guid.NewGuid()}";
        Subscriptions.Add((new SnsSubscription(arn, protocol, endpoint, topicArn), new Dictionary<string, string>(attributes, StringComparer.Ordinal)));
        return Task.FromResult(arn);
    }

    public Task<IReadOnlyList<SnsSubscription>> ListSubscriptionsByTopicAsync(string topicArn, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<SnsSubscription>>([.. Subscriptions.Select(s => s.Subscription).Where(s => s.TopicArn == topicArn)]);

    public Task SetSubscriptionAttributesAsync(string subscriptionArn, string attributeName, string attributeValue, CancellationToken cancellationToken = default)
    {
        Subscriptions.Single(s => s.Subscription.SubscriptionArn == subscriptionArn).Attributes[attributeName] = attributeValue;
        return Task.CompletedTask;
    }

    public Task<string> PublishAsync(SnsPublishRequest request, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Provisioning never publishes.");

    public Task<SnsPublishBatchResult> PublishBatchAsync(string topicArn, IReadOnlyList<SnsBatchEntry> entries, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Provisioning never publishes.");
}
