using System.Security.Cryptography;
using System.Text;
using Amazon.SQS;
using Amazon.SQS.Model;
using Ingestion.Messaging;

namespace Ingestion.Topology.Queues;

/// <summary>
/// Moves a dead-letter queue's messages back to their source queue: receive → send → delete,
/// because fauxqs has no StartMessageMoveTask (and this works on AWS too). Body, message
/// attributes and MessageGroupId are kept, and each group's order: a group stops at its first
/// failed send. The deduplication id is the original one suffixed with the dead-letter message id:
/// the original alone would be dropped as a duplicate inside SQS's five-minute window, while a
/// retried redrive of the same dead letter still deduplicates.
/// </summary>
public sealed class Redriver(IAmazonSQS sqs)
{
    private const int VisibilitySeconds = 30;
    private const int MaxDeduplicationIdLength = 128;

    public async Task<RedriveResult> RedriveAsync(string deadLetterUrl, string sourceUrl, int maxMessages, CancellationToken cancellationToken)
    {
        var fifo = sourceUrl.EndsWith(".fifo", StringComparison.Ordinal);
        var moved = 0;
        var errors = new List<string>();
        var stoppedGroups = new HashSet<string>(StringComparer.Ordinal);
        await DeadLetterReader.Turn.WaitAsync(cancellationToken);
        try
        {
            while (moved + errors.Count < maxMessages)
            {
                var batch = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
                {
                    QueueUrl = deadLetterUrl,
                    MaxNumberOfMessages = 10,
                    VisibilityTimeout = VisibilitySeconds,
                    WaitTimeSeconds = 0,
                    MessageAttributeNames = ["All"],
                    MessageSystemAttributeNames = ["All"],
                }, cancellationToken);
                if (batch.Messages is not { Count: > 0 })
                {
                    break;
                }

                var progress = 0;
                foreach (var message in batch.Messages)
                {
                    var group = message.Attributes?.GetValueOrDefault("MessageGroupId");
                    if (group is not null && stoppedGroups.Contains(group))
                    {
                        continue;
                    }

                    try
                    {
                        await sqs.SendMessageAsync(Resend(sourceUrl, message, fifo), cancellationToken);
                        await sqs.DeleteMessageAsync(deadLetterUrl, message.ReceiptHandle, cancellationToken);
                        moved++;
                        progress++;
                    }
                    catch (AmazonSQSException exception)
                    {
                        errors.Add($"{message.MessageId}: {exception.ErrorCode} {exception.Message}");
                        progress++;
                        if (group is not null)
                        {
                            stoppedGroups.Add(group);
                        }
                    }
                }

                // Only held-back messages of stopped groups came back, or a standard queue failed: stop.
                if (progress == 0 || (errors.Count > 0 && stoppedGroups.Count == 0))
                {
                    break;
                }
            }
        }
        finally
        {
            DeadLetterReader.Turn.Release();
        }

        return new RedriveResult(moved, errors.Count, errors);
    }

    internal static SendMessageRequest Resend(string queueUrl, Message message, bool fifo)
    {
        // The worker's reason for dead-lettering stays behind: a new failure gives its own.
        var attributes = (message.MessageAttributes ?? []).Where(a => a.Key != DeadLetterReader.ErrorAttribute).ToDictionary(a => a.Key, a => a.Value);
        // Marked as resent: the worker orders it by its original stamp, so it never undoes an update applied since.
        attributes[MessageAttributeNames.Resent] = new MessageAttributeValue { DataType = "String", StringValue = "redrive" };
        var request = new SendMessageRequest
        {
            QueueUrl = queueUrl,
            MessageBody = message.Body,
            MessageAttributes = attributes,
        };
        if (fifo)
        {
            request.MessageGroupId = message.Attributes?.GetValueOrDefault("MessageGroupId") ?? message.MessageId;
            request.MessageDeduplicationId = DeduplicationId(message.Attributes?.GetValueOrDefault("MessageDeduplicationId"), message.MessageId);
        }

        return request;
    }

    internal static string DeduplicationId(string? original, string deadLetterMessageId)
    {
        var id = $"{original ?? "redrive"}:{deadLetterMessageId}";
        return id.Length <= MaxDeduplicationIdLength ? id : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)));
    }
}

public sealed record RedriveResult(int Moved, int Failed, IReadOnlyList<string> Errors);
