using System.Globalization;

namespace Ingestion.Benchmarks.Measurement;

/// <summary>
/// Processes of another topology already running when the benchmark starts: a `dotnet run` of the
/// AppHost left open, or an earlier run whose DCP was killed before it had stopped the services and
/// emulators (they run on orphaned, polling their queues). The sampler counts only this run's own
/// process tree, so their CPU would be taken from every level without showing anywhere in the report.
/// </summary>
internal static class LeftoverTopology
{
    /// <returns>"name (pid N)" for each such process, the benchmark itself and its children excluded.</returns>
    public static IReadOnlyList<string> Find(int ownPid)
    {
        List<string> found = [];
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), CultureInfo.InvariantCulture, out var pid) || pid == ownPid)
            {
                continue;
            }

            var arguments = ProcessSampler.ReadText($"/proc/{pid}/cmdline")?.Split('\0', StringSplitOptions.RemoveEmptyEntries) ?? [];
            if (Describe(arguments, ProcessSampler.ReadServiceName(pid)) is { } name)
            {
                found.Add($"{name} (pid {pid})");
            }
        }

        return found;
    }

    /// <returns>The process's role when it belongs to an Ingestion or Aspire topology, else null.</returns>
    public static string? Describe(IReadOnlyList<string> arguments, string? serviceName)
    {
        if (arguments.Count == 0)
        {
            return null;
        }

        if (arguments.Any(argument => argument.Contains("Ingestion.AppHost", StringComparison.Ordinal)))
        {
            return "apphost";
        }

        // Only our services' names: any other program may set OTEL_SERVICE_NAME.
        var ourService = serviceName is "api" || serviceName?.StartsWith("worker-", StringComparison.Ordinal) == true;
        var (name, group) = ProcessRoles.Classify(arguments, ourService ? serviceName : null, isAppHost: false);
        return group == ProcessRoles.Emulator || name is "dcp" or "dashboard" || ourService ? name : null;
    }
}
