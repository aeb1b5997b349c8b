using Ingestion.Messaging.Sns;

namespace Ingestion.Hosting.AWS.Provisioning.Resources;

/// <summary>
/// AWS::SNS::Topic. Looks the topic up by its ARN first, so a re-run reports it as existing
/// and brings changed attributes in line instead of failing on CreateTopic's
/// "already exists with different attributes".
/// </summary>
internal sealed class SnsTopicProvisioner(ISnsClient sns) : IResourceProvisioner
{
    public IReadOnlyCollection<string> ResourceTypes { get; } = ["AWS::SNS::Topic"];

    public async Task<ProvisionedResource> ProvisionAsync(ResourceRequest request, CancellationToken cancellationToken)
    {
        var props = request.Properties;
        var fifo = props.Bool("FifoTopic") ?? false;
        var name = props.String("TopicName") ?? request.Stack.GeneratedName(request.LogicalId) + (fifo ? ".fifo" : string.Empty);
        if (fifo != name.EndsWith(".fifo", StringComparison.Ordinal))
        {
            throw new TemplateException($"{request.Where}: a FIFO topic's name must end in .fifo, and only a FIFO topic's may ('{name}').");
        }

        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (fifo)
        {
            attributes["FifoTopic"] = "true";
        }

        AddIfPresent(attributes, "ContentBasedDeduplication", props.Bool("ContentBasedDeduplication")?.ToString().ToLowerInvariant());
        AddIfPresent(attributes, "FifoThroughputScope", props.String("FifoThroughputScope"));
        AddIfPresent(attributes, "DisplayName", props.String("DisplayName"));
        AddIfPresent(attributes, "SignatureVersion", props.String("SignatureVersion"));
        if (props.String("KmsMasterKeyId") is { } kmsKey)
        {
            // fauxqs keeps the attribute, so the topic reports its key, but it does not encrypt.
            attributes["KmsMasterKeyId"] = kmsKey;
            props.Note($"KmsMasterKeyId {kmsKey} is set on the emulator's topic, which does not encrypt");
        }

        props.NoLocalMeaning("the emulator neither encrypts nor logs", "DeliveryStatusLogging", "TracingConfig", "DataProtectionPolicy", "ArchivePolicy");
        props.NoLocalMeaning("tags have no local use", "Tags");
        props.RejectUnread();

        var arn = request.Stack.Arn("sns", name);
        var existing = await TryGetAttributesAsync(arn, cancellationToken);
        ResourceOutcome outcome;
        if (existing is null)
        {
            arn = await sns.CreateTopicAsync(name, attributes, cancellationToken);
            outcome = ResourceOutcome.Created;
        }
        else
        {
            if ((existing.GetValueOrDefault("FifoTopic") == "true") != fifo)
            {
                throw new TemplateException($"{request.Where}: topic {name} exists with FifoTopic={!fifo}; that cannot change. Delete it (or the emulator's data) first.");
            }

            var changed = attributes.Where(a => a.Key != "FifoTopic" && existing.GetValueOrDefault(a.Key) != a.Value).ToList();
            foreach (var (key, value) in changed)
            {
                await sns.SetTopicAttributesAsync(arn, key, value, cancellationToken);
            }

            outcome = changed.Count > 0 ? ResourceOutcome.Updated : ResourceOutcome.Existing;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal) { ["TopicArn"] = arn, ["TopicName"] = name };
        return new ProvisionedResource(request.LogicalId, request.Type, outcome, arn, values, props.Notes);
    }

    private async Task<IReadOnlyDictionary<string, string>?> TryGetAttributesAsync(string arn, CancellationToken cancellationToken)
    {
        try
        {
            return await sns.GetTopicAttributesAsync(arn, cancellationToken);
        }
        catch (SnsException e) when (e.ErrorCode is "NotFound" or "NotFoundException")
        {
            return null;
        }
    }

    private static void AddIfPresent(Dictionary<string, string> attributes, string key, string? value)
    {
        if (value is not null)
        {
            attributes[key] = value;
        }
    }
}
