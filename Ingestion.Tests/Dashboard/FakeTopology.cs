using Amazon.DynamoDBv2;
using Amazon.SQS;
using Ingestion.AppHost.Dashboard;

namespace Ingestion.Tests.Dashboard;

/// <summary>A topology the test fills in; empty (nothing deployed) by default.</summary>
public sealed class FakeTopology : IDashboardTopology
{
    public IReadOnlyList<DashboardQueue> Queues { get; set; } = [];

    public IAmazonSQS? Sqs { get; set; }

    public IAmazonDynamoDB? DynamoDb { get; set; }

    public string? TableName { get; set; }
}
