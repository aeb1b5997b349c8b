using Aspire.Hosting.ApplicationModel;
using Ingestion.Hosting.AWS.CloudFormation;
using Ingestion.Hosting.AWS.Provisioning;
using Ingestion.Hosting.AWS.Provisioning.Template;
using Ingestion.Hosting.Emulators;
using Ingestion.Messaging.Aws;

namespace Aspire.Hosting;

/// <summary>
/// The surface of Aspire.Hosting.AWS's CloudFormation support, which is not served here:
/// <c>AddAWSCloudFormationTemplate</c>, <c>WithParameter</c> and <c>WithReference</c>. Moving to the
/// official package means replacing this project, not the AppHost's topology. What is ours: the
/// stack is deployed into local emulators (<see cref="DeployIntoEmulators"/>) or read from a
/// deployed stack (<see cref="UseDeployedStack"/>).
/// </summary>
public static class CloudFormationBuilderExtensions
{
    /// <param name="name">The stack name (as in Aspire.Hosting.AWS).</param>
    /// <param name="templatePath">Relative to the AppHost's directory.</param>
    public static IResourceBuilder<CloudFormationTemplateResource> AddAWSCloudFormationTemplate(
        this IDistributedApplicationBuilder builder, string name, string templatePath)
    {
        var path = Path.GetFullPath(templatePath, builder.AppHostDirectory);
        var resource = new CloudFormationTemplateResource(name, path, CloudFormationTemplate.Load(path));
        return builder.AddResource(resource)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "CloudFormation stack",
                State = KnownResourceStates.NotStarted,
                Properties = [new("aws.cloudformation.template", path), new(CustomResourceKnownProperties.Source, Path.GetFileName(path))],
            })
            .ExcludeFromManifest();
    }

    /// <remarks>
    /// A loop's list parameter (say Neighbourhoods) changes which resources the stack has, so the
    /// template is expanded again with it.
    /// </remarks>
    public static IResourceBuilder<CloudFormationTemplateResource> WithParameter(
        this IResourceBuilder<CloudFormationTemplateResource> stack, string name, string value)
    {
        stack.Resource.CloudFormationParameters[name] = value;
        stack.Resource.ApplyParameters();
        return stack;
    }

    public static IResourceBuilder<CloudFormationTemplateResource> WithParameters(
        this IResourceBuilder<CloudFormationTemplateResource> stack, IReadOnlyDictionary<string, string> parameters)
    {
        foreach (var (name, value) in parameters)
        {
            stack.WithParameter(name, value);
        }

        return stack;
    }

    /// <summary>
    /// Deploys the template into the emulators once both are healthy, and again whenever one of
    /// them comes back after a restart (in memory, it lost the stack's resources).
    /// </summary>
    public static IResourceBuilder<CloudFormationTemplateResource> DeployIntoEmulators(
        this IResourceBuilder<CloudFormationTemplateResource> stack,
        IResourceBuilder<FauxqsResource> snsSqsS3,
        IResourceBuilder<DynaliteResource> dynamoDb,
        string region)
    {
        stack.Resource.Environment = new AwsEnvironment(region, snsSqsS3.Resource.Url, dynamoDb.Resource.Url);
        return stack
            .WaitFor(snsSqsS3)
            .WaitFor(dynamoDb)
            .OnInitializeResource((resource, initialize, cancellationToken) =>
                new StackDeployment(resource, initialize, [snsSqsS3.Resource.Name, dynamoDb.Resource.Name]).RunAsync(cancellationToken));
    }

    /// <summary>
    /// `--target aws`: the stack is already deployed by CloudFormation; its outputs come from the
    /// JSON of `aws cloudformation describe-stacks` (<paramref name="describeStacksFile"/>) or, without
    /// one, from configuration AWS:Resources:&lt;OutputKey&gt;.
    /// </summary>
    public static IResourceBuilder<CloudFormationTemplateResource> UseDeployedStack(
        this IResourceBuilder<CloudFormationTemplateResource> stack, string region, string? describeStacksFile, Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        stack.Resource.Environment = new AwsEnvironment(region, null, null);
        var template = stack.Resource.Template;
        return stack.OnInitializeResource((resource, initialize, cancellationToken) =>
            new StackDeployment(resource, initialize, []).ReadDeployedAsync(
                () => describeStacksFile is { Length: > 0 } file
                    ? AwsStackOutputsReader.FromDescribeStacksJson(File.ReadAllText(file), template)
                    : AwsStackOutputsReader.FromConfiguration(configuration, template),
                cancellationToken));
    }

    /// <summary>
    /// Gives the service every stack output as <c>AWS__Resources__&lt;OutputKey&gt;</c> (what
    /// Aspire.Hosting.AWS does), the region and, locally, the emulators' endpoints and dummy keys;
    /// and starts it only once the stack is deployed.
    /// </summary>
    public static IResourceBuilder<T> WithReference<T>(this IResourceBuilder<T> service, IResourceBuilder<CloudFormationTemplateResource> stack)
        where T : IResourceWithEnvironment, IResourceWithWaitSupport
    {
        var resource = stack.Resource;
        return service
            .WithEnvironment(async context =>
            {
                var outputs = await resource.Deployed.WaitAsync(context.CancellationToken);
                foreach (var (key, value) in resource.Environment!.ServiceEnvironment())
                {
                    context.EnvironmentVariables[key] = value;
                }

                foreach (var (key, value) in outputs.Outputs)
                {
                    context.EnvironmentVariables[AwsConfigurationKeys.AsEnvironmentVariable(AwsConfigurationKeys.Resource(key))] = value;
                }
            })
            .WaitFor(stack);
    }
}
