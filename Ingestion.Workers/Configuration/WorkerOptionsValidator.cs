using Ingestion.Workers.Processing;
using Microsoft.Extensions.Options;

namespace Ingestion.Workers.Configuration;

internal sealed class WorkerOptionsValidator(WorkerProcessors processors) : IValidateOptions<WorkerOptions>
{
    public ValidateOptionsResult Validate(string? name, WorkerOptions options)
    {
        List<string> failures = [];
        if (string.IsNullOrWhiteSpace(options.Name))
        {
            failures.Add("Worker:Name is required (the source this worker serves).");
        }

        if (!Uri.TryCreate(options.QueueUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            failures.Add($"Worker:QueueUrl must be an absolute http(s) URL of an SQS queue, not '{options.QueueUrl}'.");
        }

        if (!processors.Names.Contains(options.Processor))
        {
            failures.Add($"Worker:Processor must be one of {string.Join(", ", processors.Names)}, not '{options.Processor}'.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
