using System.Diagnostics;
using Aspire.Hosting.ApplicationModel;

namespace Ingestion.Tests.EndToEnd;

/// <summary>One running replica of a resource: its Aspire id (the resource name with a suffix), the service's own process, its own URL.</summary>
public sealed record RunningReplica(string ReplicaId, int ServicePid, Uri? OwnUrl);

/// <summary>
/// Finds the processes behind a resource's replicas from Aspire's resource snapshots (DCP's
/// <c>executable.pid</c>), and signals them as an operator or the kernel would. DCP may start a
/// project through <c>dotnet run</c>: the service is then that process's descendant, and it is the
/// service that is killed or paused, not its launcher.
/// </summary>
public static class ReplicaProcesses
{
    public static async Task<IReadOnlyList<RunningReplica>> WaitForHealthyAsync(
        ResourceNotificationService notifications, string resource, int count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var latest = new Dictionary<string, CustomResourceSnapshot>(StringComparer.Ordinal);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await foreach (var change in notifications.WatchAsync(deadline.Token))
            {
                if (change.Resource.Name != resource)
                {
                    continue;
                }

                latest[change.ResourceId] = change.Snapshot;
                var healthy = latest.Where(replica => IsHealthy(replica.Value)).ToList();
                if (healthy.Count >= count)
                {
                    return healthy.Select(replica => Describe(replica.Key, replica.Value)).ToList();
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }

        throw new TimeoutException($"Waited {timeout.TotalSeconds:0} s for {count} healthy replicas of {resource}; saw "
            + string.Join(", ", latest.Select(replica => $"{replica.Key} {replica.Value.State?.Text} {replica.Value.HealthStatus}")));
    }

    public static void Kill(int pid) => Signal("KILL", pid);

    public static void Pause(int pid) => Signal("STOP", pid);

    public static void Resume(int pid) => Signal("CONT", pid);

    private static bool IsHealthy(CustomResourceSnapshot snapshot) =>
        snapshot.State?.Text == KnownResourceStates.Running
        && snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy
        && LauncherPid(snapshot) is not null;

    private static RunningReplica Describe(string replicaId, CustomResourceSnapshot snapshot)
    {
        var service = ServiceProcess(LauncherPid(snapshot)!.Value);
        // The port DCP gave this replica, behind the proxy: what the process was started with.
        var urls = Environment(service).GetValueOrDefault("ASPNETCORE_URLS");
        var ownUrl = urls?.Split(';', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() is { } url
            ? new Uri(url.Replace("localhost", "127.0.0.1", StringComparison.Ordinal))
            : null;
        return new RunningReplica(replicaId, service, ownUrl);
    }

    private static int? LauncherPid(CustomResourceSnapshot snapshot) =>
        snapshot.Properties.FirstOrDefault(property => property.Name == "executable.pid")?.Value?.ToString() is { } text
        && int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var pid) ? pid : null;

    /// <summary>The deepest process of the launcher's tree: the service itself, whether DCP ran it directly or through <c>dotnet run</c>.</summary>
    private static int ServiceProcess(int launcher)
    {
        var pid = launcher;
        while (Children(pid) is [var only])
        {
            pid = only;
        }

        return pid;
    }

    private static int[] Children(int pid)
    {
        var children = new List<int>();
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            var file = Path.Combine(task, "children");
            if (File.Exists(file))
            {
                children.AddRange(File.ReadAllText(file).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse));
            }
        }

        return [.. children.Distinct()];
    }

    private static void Signal(string signal, int pid)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {pid} exited with {kill.ExitCode}.");
        }
    }

    private static Dictionary<string, string> Environment(int pid) =>
        File.ReadAllText($"/proc/{pid}/environ").Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(variable => variable.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .GroupBy(pair => pair[0], StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Last()[1], StringComparer.Ordinal);

    public static string CommandLine(int pid) =>
        File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
}
