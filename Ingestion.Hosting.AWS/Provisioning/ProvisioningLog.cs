using Ingestion.Hosting.AWS.Provisioning.Resources;
using Microsoft.Extensions.Logging;

namespace Ingestion.Hosting.AWS.Provisioning;

internal static partial class ProvisioningLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Deploying {Template} into the emulators: {Count} resources")]
    public static partial void DeploymentStarting(ILogger logger, string template, int count);

    // Per-resource lines are for troubleshooting (Debug); the start and summary lines stay visible.
    [LoggerMessage(Level = LogLevel.Debug, Message = "{LogicalId} ({Type}): {Outcome} {PhysicalId}")]
    public static partial void ResourceProvisioned(ILogger logger, string logicalId, string type, ResourceOutcome outcome, string physicalId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{LogicalId}: {Note}")]
    public static partial void ResourceNote(ILogger logger, string logicalId, string note);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deployed: {Created} created, {Existing} existing, {Updated} updated, {Skipped} skipped; {Outputs} outputs")]
    public static partial void DeploymentFinished(ILogger logger, int created, int existing, int updated, int skipped, int outputs);
}
