using System.Text.Json.Nodes;
using Ingestion.Hosting.AWS.CloudFormation;
using Ingestion.Hosting.AWS.Provisioning.Evaluation;

namespace Ingestion.Hosting.AWS.Provisioning;

/// <summary>
/// Reads the template's <c>Metadata: Ingestion::Workers</c> list: the worker processes the
/// AppHost runs. Each entry must name outputs the stack really has, so a typo fails at
/// deployment rather than as a worker with no queue.
/// </summary>
public static class WorkerMetadataReader
{
    public const string SectionName = "Ingestion::Workers";

    public static IReadOnlyList<WorkerDeclaration> Read(JsonObject metadata, IReadOnlyDictionary<string, string> outputs)
    {
        var where = $"Metadata {SectionName}";
        if (metadata[SectionName] is not { } section)
        {
            return [];
        }

        var entries = section as JsonArray ?? throw new TemplateException($"{where} must be a list.");
        var workers = new List<WorkerDeclaration>();
        foreach (var entry in entries)
        {
            var item = entry as JsonObject ?? throw new TemplateException($"{where}: each entry must be a mapping with Name, QueueUrlOutput and DeadLetterQueueUrlOutput.");
            var worker = new WorkerDeclaration(
                JsonScalar.GetText(item["Name"], where, "Name"),
                JsonScalar.GetText(item["QueueUrlOutput"], where, "QueueUrlOutput"),
                JsonScalar.GetText(item["DeadLetterQueueUrlOutput"], where, "DeadLetterQueueUrlOutput"),
                item["Processor"] is { } processor ? JsonScalar.GetText(processor, where, "Processor") : WorkerDeclaration.StoreProcessor);
            if (workers.Any(w => w.Name == worker.Name))
            {
                throw new TemplateException($"{where}: worker '{worker.Name}' is declared twice.");
            }

            foreach (var output in new[] { worker.QueueUrlOutput, worker.DeadLetterQueueUrlOutput }.Where(o => !outputs.ContainsKey(o)))
            {
                throw new TemplateException($"{where}: worker '{worker.Name}' names output '{output}', which the stack does not have.");
            }

            workers.Add(worker);
        }

        return workers;
    }
}
