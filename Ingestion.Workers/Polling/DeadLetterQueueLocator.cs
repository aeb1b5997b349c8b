using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;
using Ingestion.Workers.Configuration;
using Microsoft.Extensions.Options;

namespace Ingestion.Workers.Polling;

/// <summary>
/// This worker's queue's RedrivePolicy, read once (one GetQueueAttributes) and cached: where its
/// dead-letter queue is (<c>Worker:DeadLetterQueueUrl</c> when set, else the policy's target; SQS URLs
/// are <c>…/&lt;account&gt;/&lt;name&gt;</c>), and its maxReceiveCount, so the worker can dead-letter a
/// message itself, with its reason, on its last allowed receive.
/// </summary>
internal sealed class DeadLetterQueueLocator(IAmazonSQS sqs, IOptions<WorkerOptions> worker)
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly string? _configuredUrl = string.IsNullOrWhiteSpace(worker.Value.DeadLetterQueueUrl) ? null : worker.Value.DeadLetterQueueUrl;
    private RedrivePolicy? _policy;

    public async Task<string> GetUrlAsync(CancellationToken cancellationToken) =>
        _configuredUrl ?? (await GetPolicyAsync(cancellationToken)).DeadLetterQueueUrl;

    public async Task<int> GetMaxReceiveCountAsync(CancellationToken cancellationToken) =>
        (await GetPolicyAsync(cancellationToken)).MaxReceiveCount;

    private async Task<RedrivePolicy> GetPolicyAsync(CancellationToken cancellationToken)
    {
        if (_policy is { } known)
        {
            return known;
        }

        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (_policy is null)
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
                var maxReceiveCount = document.RootElement.GetProperty("maxReceiveCount") is { ValueKind: JsonValueKind.String } text
                    ? int.Parse(text.GetString()!, System.Globalization.CultureInfo.InvariantCulture)
                    : document.RootElement.GetProperty("maxReceiveCount").GetInt32();
                _policy = new RedrivePolicy(queueUrl[..(queueUrl.TrimEnd('/').LastIndexOf('/') + 1)] + targetArn[(targetArn.LastIndexOf(':') + 1)..], maxReceiveCount);
            }

            return _policy;
        }
        finally
        {
            _lock.Release();
        }
    }

    private sealed record RedrivePolicy(string DeadLetterQueueUrl, int MaxReceiveCount);
}
