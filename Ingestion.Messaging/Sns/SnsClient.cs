using System.Diagnostics;
using Ingestion.Messaging.TraceContext;

namespace Ingestion.Messaging.Sns;

/// <summary>
/// <see cref="ISnsClient"/> over the SNS Query API (form-encoded POST, XML answers) on
/// AWSSDK.Core alone: SigV4 with the SDK's credential chain, standard-mode retries, typed
/// errors, one span per call. Register it with <c>services.AddSnsClient(configuration)</c>.
/// </summary>
public sealed class SnsClient : ISnsClient
{
    private readonly SnsEndpoint _endpoint;
    private readonly SnsClientOptions _options;
    private readonly SnsQueryTransport _transport;

    /// <param name="httpClient">Owned by the caller (IHttpClientFactory in DI); not disposed here.</param>
    public SnsClient(HttpClient httpClient, SnsClientOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        _options = options;
        _endpoint = SnsEndpoint.Resolve(options);
        _transport = new SnsQueryTransport(httpClient, _endpoint, options, timeProvider ?? TimeProvider.System);
    }

    public Task<string> PublishAsync(SnsPublishRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return InvokeAsync(
            "Publish",
            request.TopicArn,
            batchMessageCount: null,
            activity => SnsRequestEncoder.Publish(request with { MessageAttributes = WithTraceContext(request.MessageAttributes, activity) }),
            response => response.RequiredText("MessageId"),
            (activity, messageId) => activity.SetTag(SemanticTags.MessagingMessageId, messageId),
            cancellationToken);
    }

    public Task<SnsPublishBatchResult> PublishBatchAsync(string topicArn, IReadOnlyList<SnsBatchEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return InvokeAsync(
            "PublishBatch",
            topicArn,
            entries.Count,
            activity => SnsRequestEncoder.PublishBatch(
                topicArn,
                [.. entries.Select(e => e with { MessageAttributes = WithTraceContext(e.MessageAttributes, activity) })]),
            SnsResultReader.PublishBatch,
            (activity, result) =>
            {
                if (result.Failed.Count > 0)
                {
                    activity.SetTag("aws.sns.failed_count", result.Failed.Count);
                }
            },
            cancellationToken);
    }

    public Task<string> CreateTopicAsync(string name, IReadOnlyDictionary<string, string> attributes, CancellationToken cancellationToken = default) =>
        InvokeAsync(
            "CreateTopic",
            topicArn: name, // a name has no ARN separators, so it names the span as it is
            batchMessageCount: null,
            _ => SnsRequestEncoder.CreateTopic(name, attributes),
            response => response.RequiredText("TopicArn"),
            enrich: null,
            cancellationToken);

    public Task<IReadOnlyDictionary<string, string>> GetTopicAttributesAsync(string topicArn, CancellationToken cancellationToken = default) =>
        InvokeAsync(
            "GetTopicAttributes",
            topicArn,
            batchMessageCount: null,
            _ => SnsRequestEncoder.GetTopicAttributes(topicArn),
            SnsResultReader.Attributes,
            enrich: null,
            cancellationToken);

    public Task SetTopicAttributesAsync(string topicArn, string attributeName, string attributeValue, CancellationToken cancellationToken = default) =>
        InvokeAsync(
            "SetTopicAttributes",
            topicArn,
            batchMessageCount: null,
            _ => SnsRequestEncoder.SetTopicAttributes(topicArn, attributeName, attributeValue),
            _ => true,
            enrich: null,
            cancellationToken);

    public Task<string> SubscribeAsync(string topicArn, string protocol, string endpoint, IReadOnlyDictionary<string, string> attributes, CancellationToken cancellationToken = default) =>
        InvokeAsync(
            "Subscribe",
            topicArn,
            batchMessageCount: null,
            _ => SnsRequestEncoder.Subscribe(topicArn, protocol, endpoint, attributes),
            response => response.RequiredText("SubscriptionArn"),
            enrich: null,
            cancellationToken);

    public async Task<IReadOnlyList<SnsSubscription>> ListSubscriptionsByTopicAsync(string topicArn, CancellationToken cancellationToken = default)
    {
        var subscriptions = new List<SnsSubscription>();
        string? nextToken = null;
        do
        {
            var page = await InvokeAsync(
                "ListSubscriptionsByTopic",
                topicArn,
                batchMessageCount: null,
                _ => SnsRequestEncoder.ListSubscriptionsByTopic(topicArn, nextToken),
                SnsResultReader.SubscriptionsPage,
                enrich: null,
                cancellationToken).ConfigureAwait(false);
            subscriptions.AddRange(page.Subscriptions);
            nextToken = page.NextToken;
        }
        while (nextToken is not null);

        return subscriptions;
    }

    public Task<IReadOnlyDictionary<string, string>> GetSubscriptionAttributesAsync(string subscriptionArn, CancellationToken cancellationToken = default) =>
        InvokeAsync(
            "GetSubscriptionAttributes",
            topicArn: null,
            batchMessageCount: null,
            _ => SnsRequestEncoder.GetSubscriptionAttributes(subscriptionArn),
            SnsResultReader.Attributes,
            enrich: null,
            cancellationToken);

    public Task SetSubscriptionAttributesAsync(string subscriptionArn, string attributeName, string attributeValue, CancellationToken cancellationToken = default) =>
        InvokeAsync(
            "SetSubscriptionAttributes",
            topicArn: null,
            batchMessageCount: null,
            _ => SnsRequestEncoder.SetSubscriptionAttributes(subscriptionArn, attributeName, attributeValue),
            _ => true,
            enrich: null,
            cancellationToken);

    private async Task<T> InvokeAsync<T>(
        string action,
        string? topicArn,
        int? batchMessageCount,
        Func<Activity?, QueryForm> encode,
        Func<SnsResponse, T> read,
        Action<Activity, T>? enrich,
        CancellationToken cancellationToken)
    {
        using var activity = SnsTelemetry.Start(action, topicArn, _endpoint.Url, batchMessageCount);
        try
        {
            var response = await _transport.SendAsync(encode(activity), activity, cancellationToken).ConfigureAwait(false);
            var result = read(response);
            if (activity is not null)
            {
                activity.SetTag(SemanticTags.AwsRequestId, response.RequestId);
                enrich?.Invoke(activity, result);
            }

            return result;
        }
        catch (Exception ex)
        {
            SnsTelemetry.RecordFailure(activity, ex);
            throw;
        }
    }

    private IReadOnlyDictionary<string, SnsMessageAttribute> WithTraceContext(
        IReadOnlyDictionary<string, SnsMessageAttribute> attributes, Activity? publishSpan) =>
        _options.InjectTraceContext
            ? MessageTraceContext.WithTraceContext(attributes, publishSpan ?? Activity.Current)
            : attributes;
}
