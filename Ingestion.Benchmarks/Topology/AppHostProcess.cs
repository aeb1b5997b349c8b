using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Ingestion.Benchmarks.Topology;

/// <summary>
/// The whole topology, booted through the real Aspire AppHost (built with this benchmark, so in
/// the same configuration) as a process of its own, so that its CPU and memory are measured apart
/// from the load this program generates. Every port is free and known; the dashboard is on.
/// </summary>
internal sealed class AppHostProcess : IAsyncDisposable
{
    private readonly Process _process;

    private AppHostProcess(Process process, BenchmarkEndpoints endpoints)
    {
        _process = process;
        Endpoints = endpoints;
    }

    public BenchmarkEndpoints Endpoints { get; }

    public int ProcessId => _process.Id;

    /// <summary>The file whose presence turns the services' write metering on (beside the operation logs, not among them).</summary>
    public static string WriteMeterSwitch(string operationLogDirectory) => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(operationLogDirectory))!, "meter-writes");

    public static AppHostProcess Start(string repositoryRoot, string configuration, string operationLogDirectory, IReadOnlyDictionary<string, string> apiKeys, IReadOnlyList<string> extraArguments)
    {
        var appHostDirectory = Path.Combine(repositoryRoot, "Ingestion.AppHost");
        var executable = Path.Combine(appHostDirectory, "bin", configuration, "net10.0", "Ingestion.AppHost");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"{executable} is missing: run the benchmark with `dotnet run -c {configuration} --project Ingestion.Benchmarks`, which builds it.");
        }

        var endpoints = new BenchmarkEndpoints(FreePort(), FreePort(), FreePort(), FreePort());
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = appHostDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // What the launch profile sets for `dotnet run`, on ports of our own.
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{endpoints.DashboardPort}";
        start.Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://127.0.0.1:{FreePort()}";
        start.Environment["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = $"http://127.0.0.1:{FreePort()}";
        start.Environment["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = $"http://127.0.0.1:{FreePort()}";
        start.Environment["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";
        start.Environment["ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS"] = "true";
        List<string> arguments =
        [
            $"--AppHost:ApiPort={endpoints.ApiPort}",
            $"--Emulators:FauxqsPort={endpoints.FauxqsPort}",
            $"--Emulators:DynalitePort={endpoints.DynalitePort}",
            // The flooded sources must not be throttled by the API's per-source rate limit.
            "--AppHost:ServiceEnvironment:RateLimits__Default__RequestsPerSecond=1000000",
            "--AppHost:ServiceEnvironment:RateLimits__Default__EventsPerSecond=1000000",
            // Every AWS call of every service, a line each: the request counts the cost model prices.
            $"--AppHost:ServiceEnvironment:AWS__OperationLog__Directory={operationLogDirectory}",
            // And what each DynamoDB write charged each table and index key: the hot-key report.
            "--AppHost:ServiceEnvironment:AWS__OperationLog__WriteUnits=true",
            $"--AppHost:ServiceEnvironment:AWS__OperationLog__IndexKeys={HotKeys.TemplateIndexKeys.Read(repositoryRoot)}",
            // Only while the hot-key phase runs: metering rewrites every write and reads back the item.
            $"--AppHost:ServiceEnvironment:AWS__OperationLog__WriteUnitsSwitch={WriteMeterSwitch(operationLogDirectory)}",
        ];
        arguments.AddRange(apiKeys.Select(key => $"--Parameters:{key.Key}={key.Value}"));
        // --apphost-arg: a setting to compare, e.g. a service environment variable.
        arguments.AddRange(extraArguments);
        arguments.ForEach(start.ArgumentList.Add);

        var process = Process.Start(start) ?? throw new InvalidOperationException("the AppHost did not start");
        var log = Path.Combine(operationLogDirectory, "..", "apphost.log");
        var writer = new StreamWriter(log) { AutoFlush = true };
        process.OutputDataReceived += (_, line) => { if (line.Data is not null) { lock (writer) { writer.WriteLine(line.Data); } } };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) { lock (writer) { writer.WriteLine(line.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new AppHostProcess(process, endpoints);
    }

    /// <summary>Until the API answers /health, or the AppHost died.</summary>
    public async Task WaitForApiAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the AppHost exited with {_process.ExitCode}; see its log beside the report");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(Endpoints.Api, "/health"), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(1000, cancellationToken);
        }

        throw new TimeoutException($"the API did not become healthy within {timeout}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        // SIGTERM: the AppHost stops DCP, which stops every service and emulator.
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

internal sealed record BenchmarkEndpoints(int ApiPort, int FauxqsPort, int DynalitePort, int DashboardPort)
{
    public Uri Api => new($"http://127.0.0.1:{ApiPort}/");

    public Uri Fauxqs => new($"http://127.0.0.1:{FauxqsPort}/");

    public Uri Dynalite => new($"http://127.0.0.1:{DynalitePort}/");
}
