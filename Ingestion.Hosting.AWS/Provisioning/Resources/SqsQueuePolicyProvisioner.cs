using Amazon.SQS;
using Amazon.SQS.Model;

namespace Ingestion.Hosting.AWS.Provisioning.Resources;

/// <summary>
/// AWS::SQS::QueuePolicy, applied as each queue's Policy attribute. The emulator stores it
/// but enforces nothing; applying it anyway keeps the local queues looking like AWS's.
/// </summary>
internal sealed class SqsQueuePolicyProvisioner(IAmazonSQS sqs) : IResourceProvisioner
{
    public IReadOnlyCollection<string> ResourceTypes { get; } = ["AWS::SQS::QueuePolicy"];

    public async Task<ProvisionedResource> ProvisionAsync(ResourceRequest request, CancellationToken cancellationToken)
    {
        var props = request.Properties;
        var queues = props.StringList("Queues");
        var policy = props.JsonText("PolicyDocument")
            ?? throw new TemplateException($"{request.Where}: property PolicyDocument is required.");
        props.RejectUnread();
        if (queues.Count == 0)
        {
            throw new TemplateException($"{request.Where}: property Queues needs at least one queue URL.");
        }

        var changed = 0;
        foreach (var url in queues)
        {
            var current = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = url, AttributeNames = ["Policy"] }, cancellationToken);
            if (current.Attributes?.GetValueOrDefault("Policy") == policy)
            {
                continue;
            }

            await sqs.SetQueueAttributesAsync(new SetQueueAttributesRequest { QueueUrl = url, Attributes = new() { ["Policy"] = policy } }, cancellationToken);
            changed++;
        }

        props.Note("stored on the queue; the emulator does not enforce access policies");
        var outcome = changed == 0 ? ResourceOutcome.Existing : ResourceOutcome.Created;
        var id = request.Stack.GeneratedName(request.LogicalId);
        return new ProvisionedResource(request.LogicalId, request.Type, outcome, id, new Dictionary<string, string>(), props.Notes);
    }
}
