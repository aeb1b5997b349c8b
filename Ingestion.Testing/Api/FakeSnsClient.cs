using System.Collections.Concurrent;
using System.Net;
using Ingestion.Messaging.Sns;

namespace Ingestion.Tests.Api;

/// <summary>
/// An in-memory SNS. Publishing, as the API does it: records PublishBatch calls and answers
/// success for every entry unless a test says otherwise. Provisioning, as the real one behaves
/// where the deployer cares: ARNs by name, idempotent topics, subscriptions by topic.
/// </summary>
internal sealed class FakeSnsClient(string region = "us-east-1", string accountId = "000000000000") : ISnsClient
{
    private readonly ConcurrentQueue<IReadOnlyList<SnsBatchEntry>> _calls = new();
    private int _messageIds;

    /// <summary>Replaces the default answer; may block, throw or fail entries.</summary>
    public Func<int, IReadOnlyList<SnsBatchEntry>, Task<SnsPublishBatchResult>>? OnPublishBatch { get; set; }

    public IReadOnlyList<IReadOnlyList<SnsBatchEntry>> Calls => [.. _calls];

    public IReadOnlyList<SnsBatchEntry> Entries => [.. _calls.SelectMany(call => call)];

    public string? LastTopicArn { get; private set; }

    public void Reset()
    {
        _calls.Clear();
        OnPublishBatch = null;
    }

    /// <summary>The deduplication id the API gives an entry: its event id with what its envelope says.</summary>
    public static string DeduplicationIdOf(SnsBatchEntry entry)
    {
        var envelope = System.Text.Json.JsonSerializer.Deserialize<Ingestion.Messaging.IngestionEvent>(entry.Message)!;
        return Ingestion.Messaging.EventContent.DeduplicationId(envelope.EventId, Ingestion.Messaging.EventContent.Hash(envelope));
    }

    public SnsPublishBatchResult AllSucceed(IReadOnlyList<SnsBatchEntry> entries) =>
        new([.. entries.Select(entry => new SnsBatchSuccess(entry.Id, $"msg-{Interlocked.Increment(ref _messageIds)}"))], []);

    public Task<SnsPublishBatchResult> PublishBatchAsync(string topicArn, IReadOnlyList<SnsBatchEntry> entries, CancellationToken cancellationToken = default)
    {
        Assert.InRange(entries.Count, 1, 10);
        LastTopicArn = topicArn;
        _calls.Enqueue(entries);
        return OnPublishBatch?.Invoke(_calls.Count, entries) ?? Task.FromResult(AllSucceed(entries));
    }

    public Task<string> PublishAsync(SnsPublishRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException("The API publishes with PublishBatch only.");

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
}
