using System.Diagnostics;
using System.Text;

namespace Ingestion.Tests.Support;

/// <summary>
/// One emulator from the repository's emulators/node_modules, run by its Node 22 on a port the
/// OS picks, bound to 127.0.0.1. The launcher script prints a ready line with the URL and
/// exits when its stdin closes, so it cannot outlive a test host that dies without disposing it.
/// The one way tests start a lone emulator (the AppHost has its own launcher for the topology).
/// </summary>
public sealed class NodeEmulator : IAsyncDisposable
{
    private const string ReadyMarker = "EMULATOR_LISTENING ";

    private readonly Process _process;
    private readonly string _scriptPath;

    private NodeEmulator(Process process, string scriptPath, Uri endpoint)
    {
        _process = process;
        _scriptPath = scriptPath;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    /// <summary>fauxqs (SNS, SQS, S3). startFauxqs() binds 0.0.0.0 whatever it is told; buildApp() + listen() stays on loopback.</summary>
    public static Task<NodeEmulator> StartFauxqsAsync(CancellationToken cancellationToken) => StartAsync("fauxqs", ".mjs", modules => $$"""
        import { buildApp } from '{{new Uri(Path.Combine(modules, "fauxqs", "dist", "app.js")).AbsoluteUri}}';
        const app = buildApp({ logger: false });
        const address = await app.listen({ port: 0, host: '127.0.0.1' });
        console.log('{{ReadyMarker}}' + address);
        process.stdin.on('end', () => process.exit(0));
        process.stdin.resume();
        """, cancellationToken);

    /// <summary>dynalite (DynamoDB), in memory, tables ACTIVE at once. Its CLI cannot take port 0, its module can.</summary>
    public static Task<NodeEmulator> StartDynaliteAsync(CancellationToken cancellationToken) => StartAsync("dynalite", ".cjs", modules => $$"""
        const dynalite = require({{System.Text.Json.JsonSerializer.Serialize(Path.Combine(modules, "dynalite"))}});
        const server = dynalite({ createTableMs: 0 });
        server.listen(0, '127.0.0.1', () => console.log('{{ReadyMarker}}http://127.0.0.1:' + server.address().port));
        process.stdin.on('end', () => process.exit(0));
        process.stdin.resume();
        """, cancellationToken);

    private static async Task<NodeEmulator> StartAsync(string name, string extension, Func<string, string> script, CancellationToken cancellationToken)
    {
        await NpmPackages.EnsureInstalledAsync(cancellationToken);
        var modules = Provisioning.RepositoryFiles.EmulatorModules;
        var node = NpmPackages.Node;

        var scriptPath = Path.Combine(Path.GetTempPath(), $"{name}-test-{Guid.NewGuid():N}{extension}");
        await File.WriteAllTextAsync(scriptPath, script(modules), cancellationToken);
        var process = new Process
        {
            StartInfo = new ProcessStartInfo(node, [scriptPath])
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            },
            EnableRaisingEvents = true,
        };
        var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.StartsWith(ReadyMarker, StringComparison.Ordinal) == true)
            {
                ready.TrySetResult(new Uri(e.Data[ReadyMarker.Length..].Trim()));
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (stderr)
            {
                stderr.AppendLine(e.Data);
            }
        };
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"{name} exited with {process.ExitCode} before listening: {stderr}"));

        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            return new NodeEmulator(process, scriptPath, await ready.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken));
        }
        catch
        {
            await StopAsync(process, scriptPath);
            throw;
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync(_process, _scriptPath));

    private static async Task StopAsync(Process process, string scriptPath)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        finally
        {
            process.Dispose();
            File.Delete(scriptPath);
        }
    }
}
