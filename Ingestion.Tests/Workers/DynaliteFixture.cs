using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

namespace Ingestion.Tests.Workers;

/// <summary>A real dynalite on a free loopback port with the template's `datastore` table, for one test class.</summary>
public sealed class DynaliteFixture : IAsyncLifetime
{
    public const string TableName = "datastore";
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(30);
    private Process? _process;
    private readonly StringWriter _output = new();

    public AmazonDynamoDBClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var emulators = Path.Combine(RepositoryRoot(), "emulators", "node_modules");
        var port = FreeLoopbackPort();
        var start = new ProcessStartInfo(Path.Combine(emulators, ".bin", "node"))
        {
            ArgumentList = { Path.Combine(emulators, ".bin", "dynalite"), "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--createTableMs", "0" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("dynalite did not start");
        _process.OutputDataReceived += (_, line) => _output.WriteLine(line.Data);
        _process.ErrorDataReceived += (_, line) => _output.WriteLine(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        Client = new AmazonDynamoDBClient(
            new BasicAWSCredentials("test", "test"),
            new AmazonDynamoDBConfig { ServiceURL = $"http://127.0.0.1:{port}", AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });
        await WaitUntilAnsweringAsync();
        await Client.CreateTableAsync(new CreateTableRequest
        {
            TableName = TableName,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new("ID", ScalarAttributeType.S), new("ENTITY_NAME", ScalarAttributeType.S)],
            KeySchema = [new("ID", KeyType.HASH)],
            GlobalSecondaryIndexes =
            [
                new GlobalSecondaryIndex
                {
                    IndexName = "EntityNameIndex",
                    KeySchema = [new("ENTITY_NAME", KeyType.HASH)],
                    Projection = new Projection { ProjectionType = ProjectionType.ALL },
                },
            ],
        });
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
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"dynalite exited with {_process.ExitCode}: {_output}");
            }

            try
            {
                await Client.ListTablesAsync(new ListTablesRequest());
                return;
            }
            catch (Exception exception) when (exception is AmazonServiceException or HttpRequestException && deadline.Elapsed < StartDeadline)
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
