using Aspire.Hosting.ApplicationModel;
using Ingestion.Hosting.AWS.CloudFormation;

namespace Ingestion.Hosting.AWS.Queues;

/// <summary>
/// One SQS queue of the stack, shown in the dashboard with its live depth: a worker's queue as a
/// child of the stack, its dead-letter queues as children of that queue (the grid then reads as
/// the flow, and a queue's failures sit under it rather than filling the first screen). Named
/// after the queue without <c>.fifo</c> (<c>ingestion-sourceB</c>, <c>ingestion-sourceB-dlq</c>).
/// A dead-letter queue knows the queue it catches for, which is where a redrive sends its messages back.
/// </summary>
public sealed class SqsQueueResource(string name, string queueName, string urlOutput, CloudFormationTemplateResource stack, SqsQueueResource? deadLetterFor)
    : Resource(name), IResourceWithParent
{
    /// <summary>The stack that declares the queue, whatever its place in the dashboard.</summary>
    public CloudFormationTemplateResource Stack { get; } = stack;

    /// <summary>The dashboard's parent: the queue a dead-letter queue catches for, else the stack.</summary>
    public IResource Parent => DeadLetterFor ?? (IResource)Stack;

    public string QueueName { get; } = queueName;

    /// <summary>The stack output holding the queue's URL.</summary>
    public string UrlOutput { get; } = urlOutput;

    /// <summary>For a dead-letter queue, the source queue whose failures it holds; otherwise null.</summary>
    public SqsQueueResource? DeadLetterFor { get; } = deadLetterFor;

    public bool IsDeadLetterQueue => DeadLetterFor is not null;

    public bool IsFifo => QueueName.EndsWith(".fifo", StringComparison.Ordinal);

    /// <summary>The queue's URL once the stack is deployed, else null.</summary>
    public string? Url => Stack.Outputs?.Outputs.GetValueOrDefault(UrlOutput);
}
