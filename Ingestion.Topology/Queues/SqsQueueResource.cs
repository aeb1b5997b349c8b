using Aspire.Hosting.ApplicationModel;
using Ingestion.Hosting.AWS.CloudFormation;

namespace Ingestion.Topology.Queues;

/// <summary>
/// One SQS queue of the stack, shown in the dashboard with its live depth: a worker's queue at
/// the top level, its dead-letter queues as its children (hidden while empty, see
/// <see cref="QueueDepthMonitor"/>). The dashboard sorts the top level by resource type, so the
/// queues ("SQS queue") come after the emulators ("Executable") and the services ("Project"):
/// the first screen shows the services a user came for, not the stack's 27 queues. Named after
/// the queue without <c>.fifo</c> (<c>ingestion-sourceB</c>, <c>ingestion-sourceB-dlq</c>).
/// A dead-letter queue knows the queue it catches for, which is where a redrive sends its messages back.
/// </summary>
public sealed class SqsQueueResource(string name, string queueName, string urlOutput, CloudFormationTemplateResource stack, SqsQueueResource? deadLetterFor)
    : Resource(name)
{
    /// <summary>The stack that declares the queue (not its parent in the dashboard).</summary>
    public CloudFormationTemplateResource Stack { get; } = stack;

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
