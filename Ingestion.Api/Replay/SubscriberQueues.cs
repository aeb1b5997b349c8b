using Ingestion.Api.Publishing;
using Ingestion.Messaging.Sns;
using Microsoft.Extensions.Options;

namespace Ingestion.Api.Replay;

/// <summary>A queue subscribed to the ingestion topic, with the filter its subscription applies.</summary>
public sealed record SubscriberQueue(string Name, string Url, FilterPolicy Filter);

/// <summary>
/// The queues a replay may aim at: exactly the topic's SQS subscribers, as SNS lists them (never a
/// dead-letter queue, which no subscription delivers to), each with its filter policy. The queue
/// URLs come from the stack's outputs (AWS:Resources:*).
/// </summary>
public sealed class SubscriberQueues(ISnsClient sns, IOptions<IngestionTopicOptions> topic, IConfiguration configuration)
{
    /// <returns>The subscriber named <paramref name="queueName"/>, or null when the topic delivers to no such queue.</returns>
    /// <exception cref="NotSupportedException">Its filter policy is one a replay cannot evaluate.</exception>
    public async Task<SubscriberQueue?> FindAsync(string queueName, CancellationToken cancellationToken)
    {
        var subscriptions = await sns.ListSubscriptionsByTopicAsync(topic.Value.IngestionTopicArn, cancellationToken);
        var subscription = subscriptions.FirstOrDefault(s => s.Protocol == "sqs" && s.Endpoint.EndsWith(":" + queueName, StringComparison.Ordinal));
        if (subscription is null)
        {
            return null;
        }

        var url = configuration.GetSection(ReplayOptions.SectionName).GetChildren()
            .Select(output => output.Value)
            .FirstOrDefault(value => value is not null && value.StartsWith("http", StringComparison.Ordinal) && value.EndsWith("/" + queueName, StringComparison.Ordinal));
        if (url is null)
        {
            return null;
        }

        var attributes = await sns.GetSubscriptionAttributesAsync(subscription.SubscriptionArn, cancellationToken);
        if (attributes.GetValueOrDefault("FilterPolicyScope") is { Length: > 0 } scope && scope != "MessageAttributes")
        {
            throw new NotSupportedException($"filter policy scope {scope}");
        }

        return new SubscriberQueue(queueName, url, FilterPolicy.Parse(attributes.GetValueOrDefault("FilterPolicy")));
    }
}
