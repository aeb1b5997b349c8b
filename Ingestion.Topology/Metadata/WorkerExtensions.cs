using Aspire.Hosting.ApplicationModel;
using Ingestion.Hosting.AWS.CloudFormation;
using Ingestion.Topology.Metadata;

namespace Aspire.Hosting;

public static class WorkerExtensions
{
    /// <summary>Makes the process drain one queue of the stack with the processor the template names for it.</summary>
    public static IResourceBuilder<T> WithWorker<T>(
        this IResourceBuilder<T> process, IResourceBuilder<CloudFormationTemplateResource> stack, WorkerDeclaration worker)
        where T : IResourceWithEnvironment =>
        process.WithEnvironment(async context =>
        {
            var outputs = (await stack.Resource.Deployed.WaitAsync(context.CancellationToken)).Outputs;
            // An output behind a false condition is absent from the deployed stack: say which one.
            string Output(string key) => outputs.TryGetValue(key, out var value)
                ? value
                : throw new InvalidOperationException($"Worker '{worker.Name}' names output '{key}', which the deployed stack '{stack.Resource.StackName}' does not have.");
            foreach (var (key, value) in WorkerEnvironment.Of(worker, Output, text => text))
            {
                context.EnvironmentVariables[key] = value;
            }
        });
}
