using Amazon.DynamoDBv2;
using Amazon.SQS;

namespace Ingestion.AppHost.Dashboard;

/// <summary>
/// What the dashboard's queue and event-journey pages need from the deployed stack. Read on
/// every request, so an implementation may start empty and fill in once the stack is deployed.
/// </summary>
public interface IDashboardTopology
{
    /// <summary>Each source queue with its dead-letter queue; empty until the stack is deployed.</summary>
    IReadOnlyList<DashboardQueue> Queues { get; }

    /// <summary>Null until the emulators (or AWS) can be reached.</summary>
    IAmazonSQS? Sqs { get; }

    IAmazonDynamoDB? DynamoDb { get; }

    /// <summary>The data store table (<c>datastore</c>), or null until deployed.</summary>
    string? TableName { get; }
}

/// <summary>
/// One source queue. <paramref name="Name"/> is the queue's name (the last segment of its URL);
/// <paramref name="Worker"/> the worker declaration's name, which is the source it drains.
/// </summary>
public sealed record DashboardQueue(string Name, string Url, string? DeadLetterUrl, string? Worker)
{
    public string? DeadLetterName => DeadLetterUrl is null ? null : NameOf(DeadLetterUrl);

    public static string NameOf(string queueUrl) => queueUrl.TrimEnd('/')[(queueUrl.TrimEnd('/').LastIndexOf('/') + 1)..];
}
