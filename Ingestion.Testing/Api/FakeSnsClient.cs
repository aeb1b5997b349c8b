using System.Collections.Concurrent;
using Ingestion.Messaging.Sns;

namespace Ingestion.Tests.Api;

/// <summary>Records PublishBatch calls; answers success for every entry unless a test says otherwise.</summary>
internal sealed class FakeSnsClient : ISnsClient
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

    public Task<string> CreateTopicAsync(string name, IReadOnlyDictionary<string, string> attributes, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<IReadOnlyDictionary<string, string>> GetTopicAttributesAsync(string topicArn, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task SetTopicAttributesAsync(string topicArn, string attributeName, string attributeValue, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<string> SubscribeAsync(string topicArn, string protocol, string endpoint, IReadOnlyDictionary<string, string> attributes, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<IReadOnlyList<SnsSubscription>> ListSubscriptionsByTopicAsync(string topicArn, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task SetSubscriptionAttributesAsync(string subscriptionArn, string attributeName, string attributeValue, CancellationToken cancellationToken = default) => throw new NotSupportedException();
}
