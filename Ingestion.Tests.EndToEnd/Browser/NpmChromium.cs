using System.Diagnostics;
using System.Text.Json;
using Ingestion.Tests.Support;
using Microsoft.Playwright;

namespace Ingestion.Tests.Browser;

/// <summary>
/// The Chromium build in npm's @sparticuz/chromium (emulators/package.json): emulators/chromium.mjs
/// extracts it on first use and prints its path, the flags it is made to run with and its fonts.
/// </summary>
public static class NpmChromium
{
    public static async Task<BrowserTypeLaunchOptions> LaunchOptionsAsync(IEnumerable<string> extraArgs, CancellationToken cancellationToken)
    {
        await NpmPackages.EnsureInstalledAsync(cancellationToken);
        var start = new ProcessStartInfo(NpmPackages.Node, ["--no-warnings", "chromium.mjs"])
        {
            WorkingDirectory = NpmPackages.Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"emulators/chromium.mjs failed ({process.ExitCode}): {await error}");
        }

        var launch = JsonSerializer.Deserialize<Launch>(await output, JsonSerializerOptions.Web)
            ?? throw new InvalidOperationException("emulators/chromium.mjs printed nothing");
        return new BrowserTypeLaunchOptions
        {
            ExecutablePath = launch.ExecutablePath,
            // Playwright says headless itself; the package's own spelling of it would be a second, quoted one.
            Args = [.. launch.Args.Where(arg => !arg.StartsWith("--headless", StringComparison.Ordinal)), .. extraArgs],
            Env = launch.FontconfigPath is { } fonts ? WithVariable("FONTCONFIG_PATH", fonts) : null,
        };
    }

    // Playwright gives the browser exactly the environment it is handed: this process's, plus one.
    private static Dictionary<string, string> WithVariable(string name, string value)
    {
        var environment = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(entry => (string)entry.Key, entry => (string?)entry.Value ?? "", StringComparer.Ordinal);
        environment[name] = value;
        return environment;
    }

    private sealed record Launch(string ExecutablePath, string[] Args, string? FontconfigPath);
}
