using Ingestion.Messaging.Sns;

namespace Ingestion.Hosting.AWS.Provisioning.Resources;

/// <summary>
/// AWS::SNS::Subscription. A subscription with the same topic, protocol and endpoint is the
/// same subscription: a re-run re-applies its attributes instead of subscribing again
/// (SNS would refuse a second one with different attributes).
/// </summary>
/// <remarks>
/// SNS rules the emulator does not enforce, checked here: a FIFO topic delivers only to SQS,
/// and a FIFO queue can only subscribe to a FIFO topic. AWS lets a standard queue subscribe
/// to a FIFO topic (best-effort order); that passes, with a note.
/// </remarks>
internal sealed class SnsSubscriptionProvisioner(ISnsClient sns) : IResourceProvisioner
{
    public IReadOnlyCollection<string> ResourceTypes { get; } = ["AWS::SNS::Subscription"];

    public async Task<ProvisionedResource> ProvisionAsync(ResourceRequest request, CancellationToken cancellationToken)
    {
        var props = request.Properties;
        var topicArn = props.RequiredString("TopicArn");
        var protocol = props.RequiredString("Protocol");
        var endpoint = props.RequiredString("Endpoint");
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (props.String("FilterPolicyScope") is { } scope)
        {
            // Before FilterPolicy: SNS reads the policy in the scope it is set for.
            attributes["FilterPolicyScope"] = scope;
        }

        foreach (var name in new[] { "FilterPolicy", "RedrivePolicy", "DeliveryPolicy" })
        {
            if (props.JsonText(name) is { } json)
            {
                attributes[name] = json;
            }
        }

        if (attributes.ContainsKey("RedrivePolicy"))
        {
            // Tried on fauxqs 2.4.1: it stores the attribute and returns it, but drops a message it
            // cannot deliver (no such queue) instead of moving it to that dead-letter queue.
            props.Note("RedrivePolicy is set, but the emulator never uses it: what it cannot deliver it drops");
        }

        if (props.Bool("RawMessageDelivery") is { } raw)
        {
            attributes["RawMessageDelivery"] = raw ? "true" : "false";
        }

        props.NoLocalMeaning("the emulator has no IAM, archive or cross-region delivery", "SubscriptionRoleArn", "ReplayPolicy", "Region");
        props.RejectUnread();
        CheckFifoRules(request, topicArn, protocol, endpoint);

        var existing = (await sns.ListSubscriptionsByTopicAsync(topicArn, cancellationToken))
            .FirstOrDefault(s => s.Protocol == protocol && s.Endpoint == endpoint);
        string arn;
        ResourceOutcome outcome;
        if (existing is null)
        {
            arn = await sns.SubscribeAsync(topicArn, protocol, endpoint, attributes, cancellationToken);
            outcome = ResourceOutcome.Created;
        }
        else
        {
            // SNS has no way to read one subscription's attributes in our client; setting
            // them again is idempotent and keeps a changed filter policy from going stale.
            arn = existing.SubscriptionArn;
            foreach (var (key, value) in attributes)
            {
                await sns.SetSubscriptionAttributesAsync(arn, key, value, cancellationToken);
            }

            outcome = ResourceOutcome.Existing;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal) { ["Arn"] = arn };
        return new ProvisionedResource(request.LogicalId, request.Type, outcome, arn, values, props.Notes);
    }

    private static void CheckFifoRules(ResourceRequest request, string topicArn, string protocol, string endpoint)
    {
        var fifoTopic = topicArn.EndsWith(".fifo", StringComparison.Ordinal);
        var fifoQueue = protocol == "sqs" && endpoint.EndsWith(".fifo", StringComparison.Ordinal);
        if (fifoTopic && protocol != "sqs")
        {
            throw new TemplateException($"{request.Where}: a FIFO topic delivers only to SQS queues, not to protocol '{protocol}'.");
        }

        if (fifoQueue && !fifoTopic)
        {
            throw new TemplateException($"{request.Where}: FIFO queue {endpoint} can only subscribe to a FIFO topic, and {topicArn} is not one.");
        }

        if (fifoTopic && protocol == "sqs" && !fifoQueue)
        {
            request.Properties.Note($"standard queue {endpoint} on FIFO topic: ordering is best-effort and duplicates are possible");
        }
    }
}
