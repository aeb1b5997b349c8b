using Amazon.DynamoDBv2;
using Amazon.SQS;
using Ingestion.AppHost.Model;

namespace Ingestion.AppHost.Dashboard;

/// <summary>
/// The topology as the AppHost learns it: empty at first, then filled from the deployed stack's
/// outputs (the workers' queue and DLQ URL outputs, <c>DataStoreTableName</c>) by <see cref="Deployed"/>.
/// </summary>
public sealed class StackDashboardTopology : IDashboardTopology
{
    public const string TableNameOutput = "DataStoreTableName";

    private volatile State _state = new([], null, null, null);

    public IReadOnlyList<DashboardQueue> Queues => _state.Queues;

    public IAmazonSQS? Sqs => _state.Sqs;

    public IAmazonDynamoDB? DynamoDb => _state.DynamoDb;

    public string? TableName => _state.TableName;

    public void Deployed(StackOutputs outputs, IAmazonSQS sqs, IAmazonDynamoDB dynamoDb)
    {
        var queues = outputs.Workers
            .Where(worker => outputs.Outputs.ContainsKey(worker.QueueUrlOutput))
            .Select(worker =>
            {
                var url = outputs.Outputs[worker.QueueUrlOutput];
                return new DashboardQueue(DashboardQueue.NameOf(url), url, outputs.Outputs.GetValueOrDefault(worker.DeadLetterQueueUrlOutput), worker.Name);
            })
            .ToList();
        _state = new State(queues, sqs, dynamoDb, outputs.Outputs.GetValueOrDefault(TableNameOutput));
    }

    private sealed record State(IReadOnlyList<DashboardQueue> Queues, IAmazonSQS? Sqs, IAmazonDynamoDB? DynamoDb, string? TableName);
}
