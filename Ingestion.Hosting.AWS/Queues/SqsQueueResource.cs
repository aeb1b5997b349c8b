using Aspire.Hosting.ApplicationModel;
using Ingestion.Hosting.AWS.CloudFormation;

namespace Ingestion.Hosting.AWS.Queues;

/// <summary>
/// One SQS queue of the stack, shown as a child of the stack in the dashboard with its live
/// depth. Named after the queue without <c>.fifo</c> (<c>ingestion-sourceB</c>,
/// <c>ingestion-sourceB-dlq</c>). A dead-letter queue knows the queue it catches for, which is
/// where a redrive sends its messages back.
/// </summary>
public sealed class SqsQueueResource(string name, string queueName, string urlOutput, CloudFormationTemplateResource stack, SqsQueueResource? deadLetterFor)
    : Resource(name), IResourceWithParent<CloudFormationTemplateResource>
{
    public string QueueName { get; } = queueName;

    /// <summary>The stack output holding the queue's URL.</summary>
    public string UrlOutput { get; } = urlOutput;

    public CloudFormationTemplateResource Parent { get; } = stack;

    /// <summary>For a dead-letter queue, the source queue whose failures it holds; otherwise null.</summary>
    public SqsQueueResource? DeadLetterFor { get; } = deadLetterFor;

    public bool IsDeadLetterQueue => DeadLetterFor is not null;

    public bool IsFifo => QueueName.EndsWith(".fifo", StringComparison.Ordinal);

    /// <summary>The queue's URL once the stack is deployed, else null.</summary>
    public string? Url => Parent.Outputs?.Outputs.GetValueOrDefault(UrlOutput);
}
