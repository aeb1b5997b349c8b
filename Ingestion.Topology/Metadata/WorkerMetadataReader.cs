using System.Text.Json.Nodes;
using Ingestion.Hosting.AWS.Provisioning;
using Ingestion.Messaging;
using Ingestion.Hosting.AWS.Provisioning.Evaluation;
using Ingestion.Hosting.AWS.Provisioning.Template;

namespace Ingestion.Topology.Metadata;

/// <summary>
/// Reads the worker processes the AppHost runs: each resource (a worker's role) with
/// <c>Metadata: Ingestion::Worker</c>, once Fn::ForEach is expanded, so a looped unit declares its
/// worker once for every item. Each entry must name outputs the stack really has, so a typo fails
/// at deployment rather than as a worker with no queue.
/// </summary>
public static class WorkerMetadataReader
{
    public const string MetadataKey = "Ingestion::Worker";

    private const string OldSectionName = "Ingestion::Workers";

    public static IReadOnlyList<WorkerDeclaration> Read(CloudFormationTemplate template, IReadOnlyDictionary<string, string> outputs)
    {
        if (template.Metadata.ContainsKey(OldSectionName))
        {
            throw new TemplateException($"Metadata {OldSectionName} is no longer read: declare each worker as `Metadata: {MetadataKey}` on its role.");
        }

        var workers = new List<WorkerDeclaration>();
        foreach (var (logicalId, node) in template.Resources)
        {
            if (node?["Metadata"]?[MetadataKey] is not { } entry)
            {
                continue;
            }

            var where = $"Resource {logicalId}: Metadata {MetadataKey}";
            var item = entry as JsonObject ?? throw new TemplateException($"{where} must be a mapping with Name, QueueUrlOutput and DeadLetterQueueUrlOutput.");
            string? Optional(string key) => item[key] is { } value ? JsonScalar.GetText(value, where, key) : null;
            var worker = new WorkerDeclaration(
                JsonScalar.GetText(item["Name"], where, "Name"),
                JsonScalar.GetText(item["QueueUrlOutput"], where, "QueueUrlOutput"),
                JsonScalar.GetText(item["DeadLetterQueueUrlOutput"], where, "DeadLetterQueueUrlOutput"),
                Optional("Processor") ?? WorkerProcessorNames.Store,
                Optional("UndeliveredQueueUrlOutput"));
            if (workers.Any(w => w.Name == worker.Name))
            {
                throw new TemplateException($"{where}: worker '{worker.Name}' is declared twice.");
            }

            var named = new[] { worker.QueueUrlOutput, worker.DeadLetterQueueUrlOutput, worker.UndeliveredQueueUrlOutput };
            foreach (var output in named.OfType<string>().Where(o => !outputs.ContainsKey(o)))
            {
                throw new TemplateException($"{where}: worker '{worker.Name}' names output '{output}', which the stack does not have.");
            }

            workers.Add(worker);
        }

        return workers;
    }
}
