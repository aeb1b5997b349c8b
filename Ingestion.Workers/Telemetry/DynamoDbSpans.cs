using System.Diagnostics;

namespace Ingestion.Workers.Telemetry;

/// <summary>
/// Client spans per the database semantic conventions for DynamoDB. The AWS SDK v4's own
/// tracing hooks only set rpc.* attributes (no db.* or table names), so we make the spans here.
/// </summary>
internal static class DynamoDbSpans
{
    public static Activity? Start(string operationName, string tableName, string? serviceUrl)
    {
        List<KeyValuePair<string, object?>> tags =
        [
            new("db.system.name", "aws.dynamodb"),
            new("db.operation.name", operationName),
            new("db.collection.name", tableName),
            new("aws.dynamodb.table_names", new[] { tableName }),
            new("rpc.system", "aws-api"),
            new("rpc.service", "DynamoDB"),
            new("rpc.method", operationName),
        ];
        if (Uri.TryCreate(serviceUrl, UriKind.Absolute, out var url))
        {
            tags.Add(new("server.address", url.Host));
            tags.Add(new("server.port", url.Port));
        }

        return WorkerTelemetry.ActivitySource.StartActivity($"{operationName} {tableName}", ActivityKind.Client, parentContext: default, tags);
    }
}
