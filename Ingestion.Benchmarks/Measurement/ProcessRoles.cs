namespace Ingestion.Benchmarks.Measurement;

/// <summary>
/// Names a process of the topology from its command line and environment: the service itself,
/// the `dotnet run` host Aspire puts in front of each project (a real cost, counted apart), the
/// emulators, the dashboard, DCP and the AppHost.
/// </summary>
internal static class ProcessRoles
{
    public const string Ours = "ours";
    public const string Emulator = "emulator";
    public const string Aspire = "aspire";

    /// <param name="arguments">argv, as /proc/&lt;pid&gt;/cmdline splits it.</param>
    /// <param name="serviceName">OTEL_SERVICE_NAME from its environment, when it has one.</param>
    public static (string Name, string Group) Classify(IReadOnlyList<string> arguments, string? serviceName, bool isAppHost)
    {
        if (isAppHost)
        {
            return ("apphost", Aspire);
        }

        var line = string.Join(' ', arguments);
        var program = arguments.Count > 0 ? Path.GetFileName(arguments[0]) : "";
        if (line.Contains("fauxqs", StringComparison.OrdinalIgnoreCase))
        {
            return ("fauxqs", Emulator);
        }

        if (line.Contains("dynalite", StringComparison.OrdinalIgnoreCase))
        {
            return ("dynalite", Emulator);
        }

        if (line.Contains("Aspire.Dashboard", StringComparison.Ordinal))
        {
            return ("dashboard", Aspire);
        }

        if (program.StartsWith("dcp", StringComparison.Ordinal))
        {
            return ("dcp", Aspire);
        }

        if (serviceName is { Length: > 0 })
        {
            // `dotnet run --no-build` stays alive in front of the service it started.
            var isRunHost = program == "dotnet" && arguments.Count > 1 && arguments[1] == "run";
            return (isRunHost ? $"{serviceName} (dotnet run)" : serviceName, isRunHost ? Aspire : Ours);
        }

        return (program.Length > 0 ? program : "other", Aspire);
    }
}
