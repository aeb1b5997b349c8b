using System.Runtime.CompilerServices;
using Ingestion.Hosting.AWS.CloudFormation;
using Ingestion.Hosting.AWS.Provisioning.Template;

namespace Ingestion.Topology.Metadata;

/// <summary>
/// What this application's metadata in the stack's template declares, read from the template as
/// the stack's parameters expand it: the worker processes (<c>Ingestion::Worker</c>) and who holds
/// an API key (<c>Ingestion::ApiKey</c>). The interpreter knows nothing of either.
/// </summary>
public static class StackMetadata
{
    // One read per expansion of the template: WithParameter makes a new one.
    private static readonly ConditionalWeakTable<CloudFormationTemplate, Declared> Read = [];

    extension(CloudFormationTemplateResource stack)
    {
        /// <summary>The worker processes and their queues, from the template's Ingestion::Worker metadata.</summary>
        public IReadOnlyList<WorkerDeclaration> Workers => Of(stack.Template).Workers;

        /// <summary>Who holds an API key (sources, and admin), from the template's Ingestion::ApiKey metadata on the key secrets.</summary>
        public IReadOnlyList<string> ApiKeyHolders => Of(stack.Template).ApiKeyHolders;
    }

    private static Declared Of(CloudFormationTemplate template) =>
        Read.GetValue(template, expanded => new Declared(
            WorkerMetadataReader.Read(expanded, expanded.Outputs.ToDictionary(o => o.Key, _ => string.Empty)),
            ApiKeyMetadataReader.Read(expanded)));

    private sealed record Declared(IReadOnlyList<WorkerDeclaration> Workers, IReadOnlyList<string> ApiKeyHolders);
}
