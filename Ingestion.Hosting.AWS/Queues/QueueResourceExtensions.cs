using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Ingestion.Hosting.AWS.CloudFormation;
using Ingestion.Hosting.AWS.Provisioning;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Ingestion.Hosting.AWS.Queues;

/// <summary>Adds each worker's queue and dead-letter queue as children of the stack, with depth and dead-letter commands.</summary>
internal static class QueueResourceExtensions
{
    public static void AddQueueResources(this IResourceBuilder<CloudFormationTemplateResource> stack, IDistributedApplicationBuilder builder)
    {
        var template = stack.Resource.Template;
        foreach (var worker in stack.Resource.Workers)
        {
            var queueName = DeclaredQueues.QueueNameOf(template, worker.QueueUrlOutput);
            var deadLetterName = DeclaredQueues.QueueNameOf(template, worker.DeadLetterQueueUrlOutput);
            var queue = new SqsQueueResource(DeclaredQueues.ResourceNameOf(queueName), queueName, worker.QueueUrlOutput, stack.Resource, null);
            var deadLetter = new SqsQueueResource(DeclaredQueues.ResourceNameOf(deadLetterName), deadLetterName, worker.DeadLetterQueueUrlOutput, stack.Resource, queue);
            builder.AddQueue(queue);
            builder.AddQueue(deadLetter).WithDeadLetterCommands();
        }

        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, QueueDepthMonitor>());
    }

    private static IResourceBuilder<SqsQueueResource> AddQueue(this IDistributedApplicationBuilder builder, SqsQueueResource queue) =>
        builder.AddResource(queue)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = queue.IsDeadLetterQueue ? "SQS dead-letter queue" : "SQS queue",
                State = KnownResourceStates.Waiting,
                Properties = [new("aws.sqs.queue_name", queue.QueueName)],
            })
            .ExcludeFromManifest();
}
