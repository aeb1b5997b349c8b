namespace Ingestion.AppHost.Model;

/// <summary>The values of <see cref="ResourceSnapshot.Type"/>.</summary>
public static class ResourceTypes
{
    public const string Project = "project";
    public const string Emulator = "emulator";
    public const string Dashboard = "dashboard";
}
