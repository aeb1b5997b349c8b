using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Ingestion.Tests.Support;

/// <summary>
/// Debian's awscli (v2), an AWS client that shares no code with ours: checks made through it
/// prove the emulators hold what we think, not only what our own clients read back.
/// Always /usr/bin/aws: a Python awscli v1 earlier on PATH would be a different client.
/// </summary>
public static class AwsCli
{
    private const string Executable = "/usr/bin/aws";

    public static async Task<JsonNode?> RunAsync(Uri endpoint, CancellationToken cancellationToken, params string[] arguments)
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing: install Debian's awscli (`apt-get install awscli`; .ci/run does).");
        }

        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("--endpoint-url");
        start.ArgumentList.Add(endpoint.ToString());
        start.ArgumentList.Add("--region");
        start.ArgumentList.Add("us-east-1");
        start.ArgumentList.Add("--output");
        start.ArgumentList.Add("json");
        start.Environment["AWS_ACCESS_KEY_ID"] = "test";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "test";
        start.Environment["AWS_PAGER"] = "";
        start.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"aws {string.Join(' ', arguments)} exited {process.ExitCode}: {await error}");
        }

        var text = await output;
        return string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
    }
}
