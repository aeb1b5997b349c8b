using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace Ingestion.Tests.Dashboard;

/// <summary>A real fauxqs (SQS) on a free loopback port, for one test class.</summary>
public sealed class FauxqsFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(30);
    private readonly StringWriter _output = new();
    private Process? _process;

    public AmazonSQSClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var emulators = Path.Combine(RepositoryRoot(), "emulators", "node_modules");
        var port = FreeLoopbackPort();
        var app = new Uri(Path.Combine(emulators, "fauxqs", "dist", "app.js")).AbsoluteUri;
        var script = $"import('{app}').then(m => m.startFauxqs({{ port: {port.ToString(CultureInfo.InvariantCulture)}, host: '127.0.0.1', logger: false }}))";
        var start = new ProcessStartInfo(Path.Combine(emulators, ".bin", "node"))
        {
            ArgumentList = { "--input-type=module", "-e", script },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("fauxqs did not start");
        _process.OutputDataReceived += (_, line) => _output.WriteLine(line.Data);
        _process.ErrorDataReceived += (_, line) => _output.WriteLine(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        Client = new AmazonSQSClient(
            new BasicAWSCredentials("test", "test"),
            new AmazonSQSConfig { ServiceURL = $"http://127.0.0.1:{port}", AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });
        await WaitUntilAnsweringAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
    }

    private async Task WaitUntilAnsweringAsync()
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"fauxqs exited with {_process.ExitCode}: {_output}");
            }

            try
            {
                await Client.ListQueuesAsync(new ListQueuesRequest());
                return;
            }
            catch (Exception exception) when (exception is AmazonServiceException or HttpRequestException && clock.Elapsed < StartDeadline)
            {
                await Task.Delay(100);
            }
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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

        throw new InvalidOperationException($"No Ingestion.sln above {AppContext.BaseDirectory}");
    }
}
