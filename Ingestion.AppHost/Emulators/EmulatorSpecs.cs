using Ingestion.AppHost.Model;
using Ingestion.AppHost.Processes;

namespace Ingestion.AppHost.Emulators;

/// <summary>How the AppHost runs fauxqs and dynalite: Node 22, our loopback launchers, health probes.</summary>
public static class EmulatorSpecs
{
    public const string Fauxqs = "fauxqs";
    public const string Dynalite = "dynalite";

    public static ProcessSpec ForFauxqs(string emulatorsDirectory, int port, string? dataDirectory) =>
        new(
            Fauxqs,
            ResourceTypes.Emulator,
            EmulatorInstaller.NodePath(emulatorsDirectory),
            ["--no-warnings", "fauxqs-loopback.mjs"],
            emulatorsDirectory,
            () => WithData(new Dictionary<string, string> { ["FAUXQS_PORT"] = port.ToString(), ["FAUXQS_BIND_HOST"] = "127.0.0.1" },
                "FAUXQS_DATA_DIR", dataDirectory, Fauxqs),
            new HealthProbe(new Uri($"http://127.0.0.1:{port}/health")),
            [$"http://127.0.0.1:{port}"]);

    public static ProcessSpec ForDynalite(string emulatorsDirectory, int port, string? dataDirectory) =>
        new(
            Dynalite,
            ResourceTypes.Emulator,
            EmulatorInstaller.NodePath(emulatorsDirectory),
            ["--no-warnings", "dynalite-loopback.mjs"],
            emulatorsDirectory,
            () => WithData(new Dictionary<string, string> { ["DYNALITE_PORT"] = port.ToString(), ["DYNALITE_HOST"] = "127.0.0.1" },
                "DYNALITE_PATH", dataDirectory, Dynalite),
            // dynalite has no health route; any HTTP answer proves it serves.
            new HealthProbe(new Uri($"http://127.0.0.1:{port}/"), AnyAnswer: true),
            [$"http://127.0.0.1:{port}"]);

    private static Dictionary<string, string> WithData(Dictionary<string, string> environment, string key, string? dataDirectory, string emulator)
    {
        if (!string.IsNullOrWhiteSpace(dataDirectory))
        {
            var path = Path.GetFullPath(Path.Combine(dataDirectory, emulator));
            Directory.CreateDirectory(path);
            environment[key] = path;
        }

        return environment;
    }
}
