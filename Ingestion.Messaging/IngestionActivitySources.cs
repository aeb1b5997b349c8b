using System.Diagnostics;

namespace Ingestion.Messaging;

/// <summary>
/// The names of every ActivitySource Ingestion emits spans from, in one place so that
/// ServiceDefaults can subscribe to all of them and the dashboard can tell them apart.
/// </summary>
public static class IngestionActivitySources
{
    /// <summary>SNS publish and provisioning calls made through <see cref="Sns.SnsClient"/>.</summary>
    public const string MessagingName = "Ingestion.Messaging";

    public const string ApiName = "Ingestion.Api";

    public const string WorkersName = "Ingestion.Workers";

    public static IReadOnlyList<string> All { get; } = [MessagingName, ApiName, WorkersName];

    internal static ActivitySource Messaging { get; } = new(MessagingName);
}
