using Aspire.Hosting.ApplicationModel;
using Ingestion.Hosting.AWS.CloudFormation;

namespace Aspire.Hosting;

public static class WorkerExtensions
{
    /// <summary>Makes the process drain one queue of the stack with the processor the template names for it.</summary>
    public static IResourceBuilder<ProjectResource> WithWorker(
        this IResourceBuilder<ProjectResource> project, IResourceBuilder<CloudFormationTemplateResource> stack, WorkerDeclaration worker) =>
        project
            .WithEnvironment("Worker__Name", worker.Name)
            .WithEnvironment("Worker__Processor", worker.Processor)
            .WithEnvironment(async context =>
            {
                var outputs = (await stack.Resource.Deployed.WaitAsync(context.CancellationToken)).Outputs;
                context.EnvironmentVariables["Worker__QueueUrl"] = outputs[worker.QueueUrlOutput];
                // Where the worker sends what can never succeed, at once, with the reason.
                context.EnvironmentVariables["Worker__DeadLetterQueueUrl"] = outputs[worker.DeadLetterQueueUrlOutput];
            });
}
