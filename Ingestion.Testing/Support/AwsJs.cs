using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Ingestion.Tests.Support;

/// <summary>
/// The AWS SDK for JavaScript v3 (installed with the emulators from npm), an AWS client that
/// shares no code with ours: checks made through it prove the emulators hold what we think, not
/// only what our own clients read back. Runs <c>emulators/aws-js.mjs</c> with the emulators' Node.
/// </summary>
public static class AwsJs
{
    public static async Task<JsonNode> SendAsync(string service, string command, Uri endpoint, JsonObject input, CancellationToken cancellationToken)
    {
        await NpmPackages.EnsureInstalledAsync(cancellationToken);
        var emulators = NpmPackages.Directory;
        var node = NpmPackages.Node;

        var start = new ProcessStartInfo(node) { WorkingDirectory = emulators, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "--no-warnings", "aws-js.mjs", service, command, endpoint.ToString(), input.ToJsonString() })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"aws-js {service} {command} failed ({process.ExitCode}): {await error}");
        }

        return JsonNode.Parse(await output)!;
    }
}
