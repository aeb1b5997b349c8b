using System.Diagnostics;
using System.Text;

namespace Ingestion.Tests.Messaging;

/// <summary>
/// A throwaway fauxqs (SNS/SQS emulator) for one test class: Node 22 from the repository's
/// emulators/node_modules, on a port the OS picks, bound to 127.0.0.1. Test-local on purpose;
/// the AppHost has its own launcher.
/// </summary>
internal sealed class FauxqsProcess : IAsyncDisposable
{
    private const string ReadyMarker = "FAUXQS_LISTENING ";

    private readonly Process _process;
    private readonly string _scriptPath;

    private FauxqsProcess(Process process, string scriptPath, Uri endpoint)
    {
        _process = process;
        _scriptPath = scriptPath;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    public static async Task<FauxqsProcess> StartAsync(CancellationToken cancellationToken)
    {
        var emulators = Path.Combine(RepositoryRoot(), "emulators", "node_modules");
        var node = Path.Combine(emulators, ".bin", "node");
        var app = new Uri(Path.Combine(emulators, "fauxqs", "dist", "app.js")).AbsoluteUri;

        // startFauxqs() listens on 0.0.0.0 whatever it is told; buildApp() + listen() keeps it on
        // loopback, and port 0 lets the OS pick a free port with no race. The process exits when
        // its stdin closes, so it cannot outlive a test host that dies without disposing it.
        var scriptPath = Path.Combine(Path.GetTempPath(), $"fauxqs-test-{Guid.NewGuid():N}.mjs");
        await File.WriteAllTextAsync(scriptPath, $$"""
            import { buildApp } from '{{app}}';
            const app = buildApp({ logger: false });
            const address = await app.listen({ port: 0, host: '127.0.0.1' });
            console.log('{{ReadyMarker}}' + address);
            process.stdin.on('end', () => process.exit(0));
            process.stdin.resume();
            """, cancellationToken);

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
        process.Exited += (_, _) => ready.TrySetException(
            new InvalidOperationException($"fauxqs exited with {process.ExitCode} before listening: {stderr}"));

        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var endpoint = await ready.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            return new FauxqsProcess(process, scriptPath, endpoint);
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

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Ingestion.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Ingestion.sln above {AppContext.BaseDirectory}.");
    }
}
