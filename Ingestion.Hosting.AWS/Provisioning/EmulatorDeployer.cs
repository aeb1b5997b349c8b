using Ingestion.Hosting.AWS.CloudFormation;
using Ingestion.Hosting.AWS.Provisioning.Evaluation;
using Ingestion.Hosting.AWS.Provisioning.Resources;
using Ingestion.Hosting.AWS.Provisioning.Template;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ingestion.Hosting.AWS.Provisioning;

/// <summary>
/// Deploys the CloudFormation template into the local emulators, playing CloudFormation's
/// part: parameters, conditions, intrinsic functions, dependency order, outputs. Running it
/// again on provisioned emulators changes nothing (or only what the template changed).
/// </summary>
public sealed class EmulatorDeployer(ILogger? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    public Task<DeploymentResult> DeployAsync(
        string templatePath,
        IReadOnlyDictionary<string, string> parameterOverrides,
        LocalAwsClients clients,
        CancellationToken cancellationToken) =>
        DeployAsync(CloudFormationTemplate.Load(templatePath), parameterOverrides, clients, new StackContext(), cancellationToken);

    public async Task<DeploymentResult> DeployAsync(
        CloudFormationTemplate template,
        IReadOnlyDictionary<string, string> parameterOverrides,
        LocalAwsClients clients,
        StackContext stack,
        CancellationToken cancellationToken)
    {
        var provisioners = ResourceProvisioners.For(clients);
        var plan = DeploymentPlan.Create(template, parameterOverrides, stack, [.. provisioners.Keys]);
        ProvisioningLog.DeploymentStarting(_logger, stack.StackName, plan.Resources.Count);

        var values = new ProvisionedResourceValues();
        var evaluator = new TemplateEvaluator(plan.Template, plan.Parameters, values);
        var results = new List<ProvisionedResource>();
        foreach (var resource in plan.Resources)
        {
            ProvisionedResource provisioned;
            if (resource.Condition is { } condition && !evaluator.IsConditionTrue(condition, resource.Where))
            {
                values.AddAbsent(resource.LogicalId);
                provisioned = new ProvisionedResource(resource.LogicalId, resource.Type, ResourceOutcome.Skipped, string.Empty,
                    new Dictionary<string, string>(), [$"condition {condition} is false"]);
            }
            else
            {
                provisioned = await ProvisionAsync(resource, evaluator, provisioners[resource.Type], stack, cancellationToken);
                values.Add(provisioned);
            }

            results.Add(provisioned);
            Log(provisioned);
        }

        var outputs = StackOutputEvaluator.Evaluate(plan.Template, evaluator);
        ProvisioningLog.DeploymentFinished(
            _logger,
            results.Count(r => r.Outcome == ResourceOutcome.Created),
            results.Count(r => r.Outcome == ResourceOutcome.Existing),
            results.Count(r => r.Outcome == ResourceOutcome.Updated),
            results.Count(r => r.Outcome == ResourceOutcome.Skipped),
            outputs.Count);
        return new DeploymentResult(new StackOutputs(outputs), results);
    }

    private static async Task<ProvisionedResource> ProvisionAsync(
        PlannedResource resource,
        TemplateEvaluator evaluator,
        IResourceProvisioner provisioner,
        StackContext stack,
        CancellationToken cancellationToken)
    {
        var properties = evaluator.EvaluateProperties(resource.Definition["Properties"], resource.Where);
        var request = new ResourceRequest(resource.LogicalId, resource.Type, new ResourceProperties(properties, resource.Where), stack);
        return await provisioner.ProvisionAsync(request, cancellationToken);
    }

    private void Log(ProvisionedResource resource)
    {
        ProvisioningLog.ResourceProvisioned(_logger, resource.LogicalId, resource.Type, resource.Outcome, resource.PhysicalId);
        foreach (var note in resource.Notes)
        {
            ProvisioningLog.ResourceNote(_logger, resource.LogicalId, note);
        }
    }
}
