namespace Ingestion.Topology.Metadata;

/// <summary>
/// The variables that make a worker process drain one queue of the stack, from its declaration and
/// the stack's outputs: one list for the AppHost (locally) and the compute template (ECS).
/// </summary>
public static class WorkerEnvironment
{
    public static IReadOnlyDictionary<string, T> Of<T>(WorkerDeclaration worker, Func<string, T> output, Func<string, T> literal) =>
        new Dictionary<string, T>(StringComparer.Ordinal)
        {
            ["Worker__Name"] = literal(worker.Name),
            ["Worker__Processor"] = literal(worker.Processor),
            ["Worker__QueueUrl"] = output(worker.QueueUrlOutput),
            // Where the worker sends what can never succeed, at once, with the reason.
            ["Worker__DeadLetterQueueUrl"] = output(worker.DeadLetterQueueUrlOutput),
        };
}
