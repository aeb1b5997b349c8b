using System.Diagnostics;
using System.Net.Sockets;

namespace Ingestion.Tests.Support;

/// <summary>
/// Secrets Manager as moto_server emulates it (the machine image and CI ship moto 5.2.1), on a free
/// loopback port, started once per test run (an assembly fixture of the integration tests): tests
/// share it by using secret names of their own. Secrets are written with boto3 (which moto brings along): an independent client,
/// so our GetSecretValue is checked against what another SDK stored, not against itself.
/// </summary>
public sealed class MotoSecretsManager : IAsyncLifetime
{
    private Process? _server;

    public Uri Endpoint { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var port = Ingestion.Hosting.Emulators.LoopbackPorts.Free();
        try
        {
            _server = Process.Start(new ProcessStartInfo("moto_server", ["-H", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            }) ?? throw new InvalidOperationException("moto_server did not start.");
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            // Not from npm like the emulators: it comes with the machine image, as cfn-lint does.
            throw new InvalidOperationException("moto_server is not on PATH: it comes with the machine image (elsewhere `pip install 'moto[server]'`).", exception);
        }

        _server.OutputDataReceived += (_, _) => { };
        _server.ErrorDataReceived += (_, _) => { };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();
        Endpoint = new Uri($"http://127.0.0.1:{port}/");
        await Eventually.TrueAsync(async () =>
        {
            using var tcp = new TcpClient();
            try
            {
                await tcp.ConnectAsync("127.0.0.1", port, TestContext.Current.CancellationToken);
                return true;
            }
            catch (SocketException)
            {
                return _server.HasExited ? throw new InvalidOperationException($"moto_server exited with {_server.ExitCode}") : false;
            }
        }, TimeSpan.FromSeconds(30), "moto_server to listen", TestContext.Current.CancellationToken);
    }

    /// <summary>Creates the secret, or puts a new value into it (as a rotation does).</summary>
    public async Task PutSecretAsync(string name, string secretString)
    {
        const string script = """
            import sys, boto3
            endpoint, name, value = sys.argv[1:4]
            client = boto3.client("secretsmanager", endpoint_url=endpoint, region_name="us-east-1",
                                  aws_access_key_id="test", aws_secret_access_key="test")
            try:
                client.create_secret(Name=name, SecretString=value)
            except client.exceptions.ResourceExistsException:
                client.put_secret_value(SecretId=name, SecretString=value)
            """;
        using var python = Process.Start(new ProcessStartInfo("python3", ["-c", script, Endpoint.ToString(), name, secretString])
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var error = await python.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await python.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(python.ExitCode == 0, $"boto3 could not write {name}: {error}");
    }

    public ValueTask DisposeAsync()
    {
        if (_server is { HasExited: false })
        {
            _server.Kill(entireProcessTree: true);
        }

        _server?.Dispose();
        return ValueTask.CompletedTask;
    }
}
