using Ingestion.AppHost.Model;
using Ingestion.AppHost.Provisioning;
using Ingestion.AppHost.Provisioning.Template;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Ingestion.AppHost.Hosting;

/// <summary>
/// The template's resources: deployed into the emulators by the AppHost locally, or read
/// from the deployed stack's outputs in AWS mode. Services referencing it get every output
/// as configuration key AWS:Resources:&lt;Output&gt;.
/// </summary>
public sealed class CloudFormationStackResource(string templatePath, AppHostOptions options, AwsResource aws)
{
    private StackOutputs? _outputs;

    public string TemplatePath { get; } = templatePath;

    public StackOutputs Outputs => _outputs ?? throw new InvalidOperationException("The stack has not been deployed yet.");

    public DeploymentResult? LocalDeployment { get; private set; }

    internal async Task ResolveAsync(IConfiguration configuration, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var template = CloudFormationTemplate.Load(TemplatePath);
        if (aws.Environment.IsLocal)
        {
            using var http = new HttpClient();
            var clients = aws.Environment.CreateLocalClients(http);
            var deployer = new EmulatorDeployer(loggerFactory.CreateLogger<EmulatorDeployer>());
            LocalDeployment = await deployer.DeployAsync(template, options.Parameters, clients,
                new StackContext(options.StackName, options.Region), cancellationToken);
            _outputs = LocalDeployment.Outputs;
        }
        else
        {
            _outputs = options.StackOutputsFile is { Length: > 0 } file
                ? AwsStackOutputsReader.FromDescribeStacksJson(await File.ReadAllTextAsync(file, cancellationToken), template)
                : AwsStackOutputsReader.FromConfiguration(configuration, template);
        }
    }

    internal IReadOnlyDictionary<string, string> ServiceEnvironment()
    {
        var environment = new Dictionary<string, string>(aws.Environment.ServiceEnvironment());
        foreach (var (key, value) in Outputs.Outputs)
        {
            environment[$"AWS__Resources__{key}"] = value;
        }

        return environment;
    }
}
