using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Ingestion.Hosting.AWS.CloudFormation;
using Ingestion.Hosting.AWS.Provisioning;
using Ingestion.Topology.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Ingestion.Topology.Queues;

/// <summary>
/// Adds each worker's queue, and as its children in the dashboard its dead-letter queue and its
/// subscription's dead-letter queue when it has its own (what SNS could not deliver; a redrive sends
/// it on to the worker's queue), with depth and dead-letter commands. The workers are the template's
/// as the stack's parameters expand it, so call this after <c>WithParameter</c>; called again, it
/// replaces the stack's queues from before.
/// </summary>
public static class QueueResourceExtensions
{
    public static IResourceBuilder<CloudFormationTemplateResource> WithQueueResources(this IResourceBuilder<CloudFormationTemplateResource> stack)
    {
        var builder = stack.ApplicationBuilder;
        foreach (var stale in builder.Resources.OfType<SqsQueueResource>().Where(q => q.Stack == stack.Resource).ToList())
        {
            builder.Resources.Remove(stale);
        }

        var template = stack.Resource.Template;
        SqsQueueResource Declared(string output, SqsQueueResource? deadLetterFor)
        {
            var queueName = DeclaredQueues.QueueNameOf(template, output, stack.Resource.StackName, stack.Resource.CloudFormationParameters);
            return new SqsQueueResource(DeclaredQueues.ResourceNameOf(queueName), queueName, output, stack.Resource, deadLetterFor);
        }

        foreach (var worker in stack.Resource.Workers)
        {
            var queue = builder.AddQueue(Declared(worker.QueueUrlOutput, null));
            builder.AddQueue(Declared(worker.DeadLetterQueueUrlOutput, queue.Resource)).WithParentRelationship(queue).WithDeadLetterCommands();
            if (worker.UndeliveredQueueUrlOutput is { } undelivered)
            {
                builder.AddQueue(Declared(undelivered, queue.Resource)).WithParentRelationship(queue).WithDeadLetterCommands();
            }
        }

        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, QueueDepthMonitor>());
        return stack;
    }

    private static IResourceBuilder<SqsQueueResource> AddQueue(this IDistributedApplicationBuilder builder, SqsQueueResource queue) =>
        builder.AddResource(queue)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = queue.IsDeadLetterQueue ? "SQS dead-letter queue" : "SQS queue",
                State = KnownResourceStates.Waiting,
                // Empty until a message fails: shown once it holds something (QueueDepthMonitor).
                IsHidden = queue.IsDeadLetterQueue,
                Properties = [new("aws.sqs.queue_name", queue.QueueName)],
            })
            .ExcludeFromManifest();
}
