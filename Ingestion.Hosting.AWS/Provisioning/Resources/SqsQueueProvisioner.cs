using System.Text.Json.Nodes;
using Amazon.SQS;
using Amazon.SQS.Model;
using Ingestion.Hosting.AWS.Provisioning.Evaluation;

namespace Ingestion.Hosting.AWS.Provisioning.Resources;

/// <summary>
/// AWS::SQS::Queue. Ref is the queue URL; Fn::GetAtt gives Arn, QueueName and QueueUrl.
/// An existing queue has its attributes compared and changed ones set, so changing a
/// template parameter (say MaxReceiveCount) reaches a provisioned emulator.
/// </summary>
internal sealed class SqsQueueProvisioner(IAmazonSQS sqs) : IResourceProvisioner
{
    private static readonly (string Property, string Attribute)[] NumberAttributes =
    [
        ("DelaySeconds", "DelaySeconds"),
        ("MaximumMessageSize", "MaximumMessageSize"),
        ("MessageRetentionPeriod", "MessageRetentionPeriod"),
        ("ReceiveMessageWaitTimeSeconds", "ReceiveMessageWaitTimeSeconds"),
        ("VisibilityTimeout", "VisibilityTimeout"),
    ];

    public IReadOnlyCollection<string> ResourceTypes { get; } = ["AWS::SQS::Queue"];

    public async Task<ProvisionedResource> ProvisionAsync(ResourceRequest request, CancellationToken cancellationToken)
    {
        var props = request.Properties;
        var fifo = props.Bool("FifoQueue") ?? false;
        var name = props.String("QueueName") ?? request.Stack.GeneratedName(request.LogicalId) + (fifo ? ".fifo" : string.Empty);
        if (fifo != name.EndsWith(".fifo", StringComparison.Ordinal))
        {
            throw new TemplateException($"{request.Where}: a FIFO queue's name must end in .fifo, and only a FIFO queue's may ('{name}').");
        }

        var attributes = ReadAttributes(request, fifo);
        var url = await TryGetUrlAsync(name, cancellationToken);
        ResourceOutcome outcome;
        if (url is null)
        {
            url = (await sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = name, Attributes = attributes }, cancellationToken)).QueueUrl;
            outcome = ResourceOutcome.Created;
        }
        else
        {
            outcome = await ReconcileAsync(request, url, attributes, fifo, cancellationToken);
        }

        var arn = (await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = url, AttributeNames = ["QueueArn"] }, cancellationToken))
            .Attributes["QueueArn"];
        var values = new Dictionary<string, string>(StringComparer.Ordinal) { ["Arn"] = arn, ["QueueName"] = name, ["QueueUrl"] = url };
        return new ProvisionedResource(request.LogicalId, request.Type, outcome, url, values, props.Notes);
    }

    private static Dictionary<string, string> ReadAttributes(ResourceRequest request, bool fifo)
    {
        var props = request.Properties;
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (fifo)
        {
            attributes["FifoQueue"] = "true";
        }

        if (props.Bool("ContentBasedDeduplication") is { } contentBased)
        {
            attributes["ContentBasedDeduplication"] = contentBased ? "true" : "false";
        }

        foreach (var name in new[] { "DeduplicationScope", "FifoThroughputLimit" })
        {
            if (props.String(name) is { } value)
            {
                attributes[name] = value;
            }
        }

        foreach (var (property, attribute) in NumberAttributes)
        {
            if (props.Int(property) is { } value)
            {
                attributes[attribute] = value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        if (props.Node("RedrivePolicy") is { } redrive)
        {
            attributes["RedrivePolicy"] = RedrivePolicyJson(redrive, request.Where);
        }

        if (props.JsonText("RedriveAllowPolicy") is { } redriveAllow)
        {
            attributes["RedriveAllowPolicy"] = redriveAllow;
        }

        // fauxqs keeps SqsManagedSseEnabled (and reports it) without encrypting: set it, so the queue says what AWS would.
        if (props.Bool("SqsManagedSseEnabled") is { } managedSse)
        {
            attributes["SqsManagedSseEnabled"] = managedSse ? "true" : "false";
        }

        props.NoLocalMeaning("the emulator does not encrypt", "KmsMasterKeyId", "KmsDataKeyReusePeriodSeconds");
        props.NoLocalMeaning("tags have no local use", "Tags");
        props.RejectUnread();
        return attributes;
    }

    /// <summary>
    /// A template writes maxReceiveCount as a Ref (text) or a number; SQS documents it as a
    /// number, so it is sent as one whatever the template's spelling.
    /// </summary>
    private static string RedrivePolicyJson(JsonNode redrive, string where)
    {
        var policy = redrive switch
        {
            JsonObject obj => (JsonObject)obj.DeepClone(),
            _ when JsonScalar.TryGetText(redrive, out var text) && JsonNode.Parse(text) is JsonObject parsed => parsed,
            _ => throw new TemplateException($"{where}: RedrivePolicy must be a mapping or a JSON string."),
        };
        var target = JsonScalar.GetText(policy["deadLetterTargetArn"], where, "RedrivePolicy.deadLetterTargetArn");
        var maxReceiveCount = JsonScalar.GetInt(policy["maxReceiveCount"], where, "RedrivePolicy.maxReceiveCount");
        return new JsonObject { ["deadLetterTargetArn"] = target, ["maxReceiveCount"] = maxReceiveCount }.ToJsonString();
    }

    private async Task<string?> TryGetUrlAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return (await sqs.GetQueueUrlAsync(new GetQueueUrlRequest { QueueName = name }, cancellationToken)).QueueUrl;
        }
        catch (QueueDoesNotExistException)
        {
            return null;
        }
    }

    private async Task<ResourceOutcome> ReconcileAsync(ResourceRequest request, string url, Dictionary<string, string> wanted, bool fifo, CancellationToken cancellationToken)
    {
        var current = (await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = url, AttributeNames = ["All"] }, cancellationToken)).Attributes;
        if ((current.GetValueOrDefault("FifoQueue") == "true") != fifo)
        {
            throw new TemplateException($"{request.Where}: queue {url} exists with FifoQueue={!fifo}; that cannot change. Delete it (or the emulator's data) first.");
        }

        var changed = wanted
            .Where(a => a.Key != "FifoQueue" && !SameValue(current.GetValueOrDefault(a.Key), a.Value))
            .ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        if (changed.Count == 0)
        {
            return ResourceOutcome.Existing;
        }

        await sqs.SetQueueAttributesAsync(new SetQueueAttributesRequest { QueueUrl = url, Attributes = changed }, cancellationToken);
        return ResourceOutcome.Updated;
    }

    /// <summary>JSON attributes compare as JSON, numbers inside them as text: SQS may echo "5" for 5.</summary>
    private static bool SameValue(string? current, string wanted)
    {
        if (current == wanted)
        {
            return true;
        }

        if (current is null || !wanted.StartsWith('{'))
        {
            return false;
        }

        try
        {
            var left = JsonNode.Parse(current) as JsonObject;
            var right = JsonNode.Parse(wanted) as JsonObject;
            return left is not null && right is not null && left.Count == right.Count
                && right.All(p => JsonScalar.TryGetText(p.Value, out var r) && JsonScalar.TryGetText(left[p.Key], out var l) ? l == r : JsonNode.DeepEquals(left[p.Key], p.Value));
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }
}
