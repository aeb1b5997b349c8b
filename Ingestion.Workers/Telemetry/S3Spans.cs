using System.Diagnostics;

namespace Ingestion.Workers.Telemetry;

/// <summary>
/// Client spans for the archive's S3 calls (AWS SDK conventions: rpc.* and aws.s3.*). The archive
/// writes on its own loop, where no span is current: without this one, each object would be a
/// trace of its own with only an HTTP PUT in it.
/// </summary>
internal static class S3Spans
{
    /// <summary>A child of the first writer's span, linked to the other writers' spans (batches of the archive queue).</summary>
    public static Activity? StartPutObject(string bucketName, string key, IReadOnlyList<ActivityContext> writers)
    {
        var parent = writers.FirstOrDefault(context => context != default);
        var links = writers.Where(context => context != default && context != parent).Distinct().Select(context => new ActivityLink(context));
        List<KeyValuePair<string, object?>> tags =
        [
            new("rpc.system", "aws-api"),
            new("rpc.service", "S3"),
            new("rpc.method", "PutObject"),
            new("aws.s3.bucket", bucketName),
            new("aws.s3.key", key),
        ];
        return WorkerTelemetry.ActivitySource.StartActivity($"PutObject {bucketName}", ActivityKind.Client, parent, tags, links);
    }
}
