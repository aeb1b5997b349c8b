using Aspire.Hosting.ApplicationModel;
using Ingestion.Hosting.AWS.CloudFormation;

namespace Aspire.Hosting;

public static class WorkerExtensions
{
    /// <summary>Makes the process drain one queue of the stack with the processor the template names for it.</summary>
    public static IResourceBuilder<ProjectResource> WithWorker(
        this IResourceBuilder<ProjectResource> project, IResourceBuilder<CloudFormationTemplateResource> stack, WorkerDeclaration worker) =>
        project.WithEnvironment(async context =>
        {
            var outputs = (await stack.Resource.Deployed.WaitAsync(context.CancellationToken)).Outputs;
            foreach (var (key, value) in WorkerEnvironment.Of(worker, output => outputs[output], text => text))
            {
                context.EnvironmentVariables[key] = value;
            }
        });
}
