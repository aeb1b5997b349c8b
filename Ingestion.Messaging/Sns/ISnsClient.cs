namespace Ingestion.Messaging.Sns;

/// <summary>
/// The SNS operations Ingestion uses. AWSSDK.SimpleNotificationService is not served here,
/// so <see cref="SnsClient"/> speaks the Query API on AWSSDK.Core; swapping in the official
/// client means implementing this interface over it, in one place.
/// </summary>
public interface ISnsClient
{
    /// <returns>The MessageId SNS assigned.</returns>
    Task<string> PublishAsync(SnsPublishRequest request, CancellationToken cancellationToken = default);

    /// <summary>At most 10 entries per call (an SNS limit).</summary>
    Task<SnsPublishBatchResult> PublishBatchAsync(string topicArn, IReadOnlyList<SnsBatchEntry> entries, CancellationToken cancellationToken = default);

    /// <returns>The topic ARN. Idempotent for the same name and attributes, as in SNS.</returns>
    Task<string> CreateTopicAsync(string name, IReadOnlyDictionary<string, string> attributes, CancellationToken cancellationToken = default);

    Task<IReadOnlyDictionary<string, string>> GetTopicAttributesAsync(string topicArn, CancellationToken cancellationToken = default);

    Task SetTopicAttributesAsync(string topicArn, string attributeName, string attributeValue, CancellationToken cancellationToken = default);

    /// <returns>The subscription ARN.</returns>
    Task<string> SubscribeAsync(string topicArn, string protocol, string endpoint, IReadOnlyDictionary<string, string> attributes, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<SnsSubscription>> ListSubscriptionsByTopicAsync(string topicArn, CancellationToken cancellationToken = default);

    Task SetSubscriptionAttributesAsync(string subscriptionArn, string attributeName, string attributeValue, CancellationToken cancellationToken = default);

    /// <summary>A subscription's attributes (Endpoint, FilterPolicy, FilterPolicyScope, RawMessageDelivery, …).</summary>
    Task<IReadOnlyDictionary<string, string>> GetSubscriptionAttributesAsync(string subscriptionArn, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException($"{GetType().Name} does not read subscription attributes.");
}

/// <summary>DataType is "String", "Number" or "String.Array".</summary>
public sealed record SnsMessageAttribute(string DataType, string Value);

public sealed record SnsPublishRequest(
    string TopicArn,
    string Message,
    IReadOnlyDictionary<string, SnsMessageAttribute> MessageAttributes,
    string? MessageGroupId = null,
    string? MessageDeduplicationId = null);

public sealed record SnsBatchEntry(
    string Id,
    string Message,
    IReadOnlyDictionary<string, SnsMessageAttribute> MessageAttributes,
    string? MessageGroupId = null,
    string? MessageDeduplicationId = null);

public sealed record SnsPublishBatchResult(IReadOnlyList<SnsBatchSuccess> Successful, IReadOnlyList<SnsBatchFailure> Failed);

public sealed record SnsBatchSuccess(string Id, string MessageId);

public sealed record SnsBatchFailure(string Id, string Code, string Message, bool SenderFault);

public sealed record SnsSubscription(string SubscriptionArn, string Protocol, string Endpoint, string TopicArn);
