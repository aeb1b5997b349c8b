using Ingestion.Hosting.AWS.CloudFormation;
using Ingestion.Hosting.AWS.Provisioning.Resources;

namespace Ingestion.Hosting.AWS.Provisioning;

/// <summary>What a local deployment did: every resource of the template in creation order
/// (created, existing, updated or skipped, with notes) and the computed outputs.</summary>
public sealed record DeploymentResult(StackOutputs Outputs, IReadOnlyList<ProvisionedResource> Resources);
