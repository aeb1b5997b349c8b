using System.Diagnostics;

namespace Ingestion.Workers.Telemetry;

/// <summary>
/// Client spans per the database semantic conventions for DynamoDB. The AWS SDK v4's own
/// tracing hooks only set rpc.* attributes (no db.* or table names), so we make the spans here.
/// No rpc.* beside the db.* attributes: they would only repeat them (rpc.method is
/// db.operation.name) on the two spans every stored event has.
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
        ];
        if (Uri.TryCreate(serviceUrl, UriKind.Absolute, out var url))
        {
            tags.Add(new("server.address", url.Host));
            tags.Add(new("server.port", url.Port));
        }

        return WorkerTelemetry.ActivitySource.StartActivity($"{operationName} {tableName}", ActivityKind.Client, parentContext: default, tags);
    }
}
