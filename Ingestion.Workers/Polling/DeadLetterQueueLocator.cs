using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;
using Ingestion.Workers.Configuration;
using Microsoft.Extensions.Options;

namespace Ingestion.Workers.Polling;

/// <summary>
/// Where this worker's dead-letter queue is: <c>Worker:DeadLetterQueueUrl</c> when set, else the
/// target of its queue's RedrivePolicy (one GetQueueAttributes, then cached). The URL is the
/// queue's own with the dead-letter queue's name: SQS URLs are <c>…/&lt;account&gt;/&lt;name&gt;</c>.
/// </summary>
internal sealed class DeadLetterQueueLocator(IAmazonSQS sqs, IOptions<WorkerOptions> worker)
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private string? _url = string.IsNullOrWhiteSpace(worker.Value.DeadLetterQueueUrl) ? null : worker.Value.DeadLetterQueueUrl;

    public async Task<string> GetUrlAsync(CancellationToken cancellationToken)
    {
        if (_url is { } known)
        {
            return known;
        }

        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (_url is null)
            {
                var queueUrl = worker.Value.QueueUrl;
                var attributes = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
                {
                    QueueUrl = queueUrl,
                    AttributeNames = [QueueAttributeName.RedrivePolicy],
                }, cancellationToken);
                var policy = attributes.Attributes?.GetValueOrDefault(QueueAttributeName.RedrivePolicy)
                    ?? throw new InvalidOperationException($"{queueUrl} has no RedrivePolicy, so it has no dead-letter queue to move failed messages to.");
                using var document = JsonDocument.Parse(policy);
                var targetArn = document.RootElement.GetProperty("deadLetterTargetArn").GetString()!;
                _url = queueUrl[..(queueUrl.TrimEnd('/').LastIndexOf('/') + 1)] + targetArn[(targetArn.LastIndexOf(':') + 1)..];
            }

            return _url;
        }
        finally
        {
            _lock.Release();
        }
    }
}
