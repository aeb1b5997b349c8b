using Amazon.SQS;

namespace Ingestion.Benchmarks.Load;

/// <summary>
/// Waits until every worker queue of the stack is empty (nothing waiting, nothing in flight)
/// before a level starts, so a level is measured on its own: without it the backlog an overloaded
/// level left (the archive worker drains every source's events) competes with the next level for
/// the two cores, and the next level's latency measures the previous one. Dead-letter queues are
/// not waited on: what they hold stays there.
/// </summary>
internal sealed class QuietQueues(IAmazonSQS sqs, IReadOnlyDictionary<string, string> outputs, Action<string> progress)
{
    private readonly List<string> _queueUrls = outputs
        .Where(output => output.Key.EndsWith("QueueUrl", StringComparison.Ordinal)
            && !output.Key.Contains("DeadLetter", StringComparison.Ordinal)
            && !output.Key.Contains("Undelivered", StringComparison.Ordinal))
        .Select(output => output.Value)
        .ToList();

    public int QueueCount => _queueUrls.Count;

    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        var reported = false;
        while (true)
        {
            var left = 0L;
            foreach (var url in _queueUrls)
            {
                var attributes = await sqs.GetQueueAttributesAsync(url, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"], cancellationToken);
                left += attributes.ApproximateNumberOfMessages + attributes.ApproximateNumberOfMessagesNotVisible;
            }

            if (left == 0)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                progress($"  queues still hold {left:N0} messages after {timeout.TotalSeconds:N0} s; measuring anyway");
                return;
            }

            if (!reported)
            {
                progress($"  waiting for the queues to empty first ({left:N0} messages left from before)");
                reported = true;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }
    }
}
