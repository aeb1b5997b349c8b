using System.Diagnostics;
using Ingestion.Messaging;

namespace Ingestion.Workers.Telemetry;

/// <summary>The worker's ActivitySource and Meter name; ServiceDefaults subscribes to every "Ingestion.*" source.</summary>
internal static class WorkerTelemetry
{
    public const string Name = IngestionActivitySources.WorkersName;

    public static readonly ActivitySource ActivitySource = new(Name);

    /// <summary>Marks a span failed the way OpenTelemetry expects: status, <c>error.type</c> and the exception event.</summary>
    public static void RecordFailure(this Activity? activity, string errorType, string description, Exception? exception = null)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetStatus(ActivityStatusCode.Error, description);
        activity.SetTag("error.type", errorType);
        if (exception is not null)
        {
            activity.AddException(exception);
        }
    }
}
